import type { ConversationView, MessageView } from '@kindred/domain';
import { presentSummary } from './profile-presenter.js';
import type { ConversationDto, MessageDto } from '../schemas/chat.js';

export function presentMessage(message: MessageView): MessageDto {
  return {
    id: message.id,
    conversationId: message.conversationId,
    sender: { id: message.sender.id, username: message.sender.username },
    content: message.content,
    clientMessageId: message.clientMessageId,
    createdAt: message.createdAt.toISOString(),
  };
}

/** A conversation as its viewer sees it: participants as summaries, the viewer's unread count. */
export function presentConversation(
  view: ConversationView,
  now: Date,
  mediaBaseUrl: string,
): ConversationDto {
  const { state, members, viewer } = view;
  const last = state.lastMessage;
  const lastSender = last ? members.get(last.senderId) : undefined;
  return {
    id: state.conversation.id,
    kind: state.conversation.kind,
    title: state.conversation.title,
    createdBy: state.conversation.createdBy,
    participants: state.participants.flatMap((p) => {
      const user = members.get(p.userId);
      return user ? [presentSummary(viewer, user, now, mediaBaseUrl)] : [];
    }),
    lastMessage:
      last && lastSender
        ? presentMessage({ ...last, sender: { id: lastSender.id, username: lastSender.username } })
        : null,
    unreadCount: view.unreadCount,
    readUpTo: Object.fromEntries(state.participants.map((p) => [p.userId, p.readUpTo])),
    updatedAt: state.conversation.updatedAt.toISOString(),
  };
}
