import type { Ports } from '../ports/index.js';
import { chatErrors } from '../chat/conversation.js';
import { requireMembership } from '../chat/participation.js';
import { loadSelf } from './get-me.js';

/** Marks a message and everything before it read; the other participants and tabs are told. */
export class MarkConversationRead {
  constructor(private readonly ports: Pick<Ports, 'users' | 'chat' | 'events'>) {}

  async execute(input: {
    readonly viewerId: string;
    readonly conversationId: string;
    readonly messageId: string;
  }): Promise<void> {
    const viewer = await loadSelf(this.ports.users, input.viewerId);
    const members = await requireMembership(this.ports.chat, input.conversationId, viewer.id);
    const outcome = await this.ports.chat.markRead(members.conversationId, viewer.id, input.messageId);
    if (outcome === 'unknown') throw chatErrors.messageNotFound();
    if (outcome === 'moved')
      await this.ports.events.publish({
        type: 'message.read',
        recipients: members.participantIds,
        conversationId: members.conversationId,
        userId: viewer.id,
        messageId: input.messageId,
      });
  }
}
