import type { Ports } from '../ports/index.js';
import { assertCanWrite, requireMembership } from '../chat/participation.js';
import { loadSelf } from './get-me.js';

/** "Is typing…" to the other participants; not stored. Same rights as sending. */
export class SendTyping {
  constructor(private readonly ports: Pick<Ports, 'users' | 'social' | 'chat' | 'events' | 'clock'>) {}

  async execute(input: { readonly userId: string; readonly conversationId: string }): Promise<void> {
    const members = await requireMembership(this.ports.chat, input.conversationId, input.userId);
    await assertCanWrite(this.ports, members, input.userId);
    const user = await loadSelf(this.ports.users, input.userId);
    await this.ports.events.publish({
      type: 'typing',
      recipients: members.participantIds.filter((id) => id !== input.userId),
      conversationId: members.conversationId,
      user: { id: user.id, username: user.username },
    });
  }
}
