import type { Ports } from '../ports/index.js';
import { chatErrors, isParticipant } from '../chat/conversation.js';
import { announceChange } from '../chat/announce-change.js';
import { findByRef, refersTo } from '../social/resolve-user.js';
import { loadSelf } from './get-me.js';

/** Anyone leaves; only the creator removes others. */
export class RemoveParticipant {
  constructor(private readonly ports: Pick<Ports, 'users' | 'chat' | 'events' | 'clock'>) {}

  async execute(input: {
    readonly viewerId: string;
    readonly conversationId: string;
    readonly ref: string;
  }): Promise<void> {
    const viewer = await loadSelf(this.ports.users, input.viewerId);
    const state = await this.ports.chat.get(input.conversationId);
    if (!state) throw chatErrors.conversationNotFound();
    const target = refersTo(viewer, input.ref) ? viewer : await findByRef(this.ports.users, input.ref);
    if (!target || !isParticipant(state, target.id)) throw chatErrors.participantNotFound();
    if (!isParticipant(state, viewer.id)) throw chatErrors.notAParticipant();
    if (target.id !== viewer.id && state.conversation.createdBy !== viewer.id) throw chatErrors.notAllowed();
    if (state.conversation.kind !== 'group') throw chatErrors.notAGroup();
    await this.ports.chat.removeParticipant(state.conversation.id, target.id, this.ports.clock.now());
    // Told with the participants from before: the removed member hears of it too, so their list drops the group.
    await announceChange(this.ports, viewer, state.conversation.id, state);
  }
}
