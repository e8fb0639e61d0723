import type { Ports } from '../ports/index.js';
import { chatErrors, isParticipant } from '../chat/conversation.js';
import { announceChange } from '../chat/announce-change.js';
import type { ConversationView } from '../chat/conversation-views.js';
import { isConnected } from '../chat/participation.js';
import { refersTo, resolveOther } from '../social/resolve-user.js';
import { loadSelf } from './get-me.js';

/** A participant adds a member they are connected with; the newcomer sees the history before them. */
export class AddParticipant {
  constructor(private readonly ports: Pick<Ports, 'users' | 'social' | 'chat' | 'events' | 'clock'>) {}

  async execute(input: {
    readonly viewerId: string;
    readonly conversationId: string;
    readonly ref: string;
  }): Promise<ConversationView> {
    const viewer = await loadSelf(this.ports.users, input.viewerId);
    // The contract's precedence: 404 (conversation, user), then 403, then 409.
    const before = await this.ports.chat.get(input.conversationId);
    if (!before) throw chatErrors.conversationNotFound();
    const self = refersTo(viewer, input.ref);
    const other = self ? null : await resolveOther(this.ports, viewer, input.ref);
    if (!isParticipant(before, viewer.id)) throw chatErrors.notAParticipant();
    if (other && !isConnected(other.relations)) throw chatErrors.notConnected();
    if (before.conversation.kind !== 'group') throw chatErrors.notAGroup();
    const target = other?.target ?? viewer;
    if (!(await this.ports.chat.addParticipant(before.conversation.id, target.id, this.ports.clock.now())))
      throw chatErrors.alreadyParticipant();
    return (await announceChange(this.ports, viewer, before.conversation.id))!;
  }
}
