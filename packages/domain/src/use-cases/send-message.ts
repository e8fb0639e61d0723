import type { Ports } from '../ports/index.js';
import type { ConversationMembers } from '../ports/chat-repository.js';
import type { User } from '../users/user.js';
import type { Notification } from '../notifications/notification.js';
import { chatErrors } from '../chat/conversation.js';
import type { MessageView } from '../chat/conversation-views.js';
import {
  clientMessageId as checkClientMessageId,
  CLIENT_MESSAGE_ID_WINDOW_MS,
  messageContent,
  type Message,
} from '../chat/message.js';
import { assertCanWrite, isConnected, membershipOf, requireMembership } from '../chat/participation.js';
import { cannotTargetSelf, refersTo, resolveOther } from '../social/resolve-user.js';
import { loadSelf } from './get-me.js';

/**
 * Sends a message to a conversation (by id) or to a member (their direct
 * conversation, created on first use). Idempotent by `clientMessageId`: the
 * same content again answers the first message and tells nobody; other
 * content is CLIENT_MESSAGE_ID_REUSED. The one way to send, whatever the
 * transport (HTTP, WebSocket): one count against the limit, one event.
 */
export class SendMessage {
  constructor(
    private readonly ports: Pick<Ports, 'users' | 'social' | 'chat' | 'events' | 'clock' | 'ids' | 'limits'>,
  ) {}

  async execute(input: {
    readonly senderId: string;
    readonly to: { readonly conversationId: string } | { readonly userRef: string };
    readonly content: string;
    readonly clientMessageId?: string | null | undefined;
  }): Promise<{ message: MessageView; created: boolean }> {
    const content = messageContent(input.content);
    const clientMessageId = checkClientMessageId(input.clientMessageId);
    await this.ports.limits.take('messagesPerUser', input.senderId);
    const sender = await loadSelf(this.ports.users, input.senderId);
    const members = await this.conversationFor(sender, input.to);
    await assertCanWrite(this.ports, members, sender.id);

    const now = this.ports.clock.now();
    const message: Message = {
      id: this.ports.ids.next(),
      conversationId: members.conversationId,
      senderId: sender.id,
      content,
      clientMessageId,
      createdAt: now,
    };
    // One commit: the message, every recipient's frame, the notices (an outbox). The repository claims
    // the clientMessageId as it stores: a replay, even a racing one, answers the first and logs nothing.
    const stored = await this.ports.chat.append(
      message,
      new Date(now.getTime() - CLIENT_MESSAGE_ID_WINDOW_MS),
      { recipients: members.participantIds, notices: this.notices(sender, members, message) },
    );
    const view = withSender(stored.message, sender);
    if (!stored.created) {
      if (stored.message.content !== content || stored.message.conversationId !== members.conversationId)
        throw chatErrors.clientMessageIdReused();
      return { message: view, created: false };
    }
    // Live delivery of what is already logged: lost with a crash here, replayed from the log.
    await this.ports.events.publish(
      { type: 'message.new', recipients: members.participantIds, message: view },
      { at: now, ids: stored.logged.frames },
    );
    await this.announce(sender, stored.logged.notices, now);
    return { message: view, created: true };
  }

  /** One `message` notification per recipient and conversation until read (the repository keeps only those). */
  private notices(sender: User, members: ConversationMembers, message: Message): Notification[] {
    return members.participantIds
      .filter((recipient) => recipient !== sender.id)
      .map((recipient) => ({
        id: this.ports.ids.next(),
        userId: recipient,
        type: 'message' as const,
        actorId: sender.id,
        conversationId: message.conversationId,
        createdAt: message.createdAt,
        readAt: null,
      }));
  }

  private async announce(
    sender: User,
    kept: readonly { notification: Notification; frameId: string }[],
    now: Date,
  ): Promise<void> {
    if (kept.length === 0) return;
    const recipients = new Map(
      (await this.ports.users.findByIds(kept.map((n) => n.notification.userId))).map((u) => [u.id, u]),
    );
    for (const { notification, frameId } of kept) {
      const recipient = recipients.get(notification.userId);
      if (recipient)
        await this.ports.events.publish(
          { type: 'notification', notification, recipient, actor: sender },
          { at: now, ids: new Map([[recipient.id, frameId]]) },
        );
    }
  }

  private async conversationFor(
    sender: User,
    to: { readonly conversationId: string } | { readonly userRef: string },
  ): Promise<ConversationMembers> {
    if ('conversationId' in to) return requireMembership(this.ports.chat, to.conversationId, sender.id);
    if (refersTo(sender, to.userRef)) throw cannotTargetSelf();
    const { target, relations } = await resolveOther(this.ports, sender, to.userRef);
    if (!isConnected(relations)) throw chatErrors.notConnected();
    const existing = await this.ports.chat.directBetween(sender.id, target.id);
    if (existing) return membershipOf(existing);
    const now = this.ports.clock.now();
    return membershipOf(
      await this.ports.chat.openDirect(
        {
          id: this.ports.ids.next(),
          kind: 'direct',
          title: null,
          createdBy: sender.id,
          createdAt: now,
          updatedAt: now,
        },
        sender.id,
        target.id,
      ),
    );
  }
}

function withSender(message: Message, sender: User): MessageView {
  return { ...message, sender: { id: sender.id, username: sender.username } };
}
