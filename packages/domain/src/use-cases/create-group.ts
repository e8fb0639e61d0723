import type { Ports } from '../ports/index.js';
import type { RelationsBetween } from '../ports/social-repository.js';
import type { User } from '../users/user.js';
import { GROUP_INVITEES_MAX, chatErrors, groupTitle, type Conversation } from '../chat/conversation.js';
import { announceChange } from '../chat/announce-change.js';
import type { ConversationView } from '../chat/conversation-views.js';
import { isConnected } from '../chat/participation.js';
import { ValidationError } from '../errors.js';
import { cannotTargetSelf, refersTo, resolveOther } from '../social/resolve-user.js';
import { loadSelf } from './get-me.js';

/** A group of the creator and members they are connected with. */
export class CreateGroup {
  constructor(
    private readonly ports: Pick<Ports, 'users' | 'social' | 'chat' | 'events' | 'clock' | 'ids'>,
  ) {}

  async execute(input: {
    readonly creatorId: string;
    readonly title: string;
    readonly participants: readonly string[];
  }): Promise<ConversationView> {
    const title = groupTitle(input.title);
    if (input.participants.length < 1 || input.participants.length > GROUP_INVITEES_MAX)
      throw new ValidationError([
        { path: '/participants', code: 'OUT_OF_RANGE', message: `1 to ${GROUP_INVITEES_MAX} usernames` },
      ]);
    const creator = await loadSelf(this.ports.users, input.creatorId);
    if (input.participants.some((ref) => refersTo(creator, ref))) throw cannotTargetSelf();
    const invitees = new Map<string, User>();
    const relations: RelationsBetween[] = [];
    for (const ref of input.participants) {
      const other = await resolveOther(this.ports, creator, ref);
      invitees.set(other.target.id, other.target);
      relations.push(other.relations);
    }
    // Every name must exist (404) before any connection is judged (403).
    if (!relations.every(isConnected)) throw chatErrors.notConnected();
    const now = this.ports.clock.now();
    const conversation: Conversation = {
      id: this.ports.ids.next(),
      kind: 'group',
      title,
      createdBy: creator.id,
      createdAt: now,
      updatedAt: now,
    };
    await this.ports.chat.createGroup(conversation, [creator.id, ...invitees.keys()]);
    return (await announceChange(this.ports, creator, conversation.id))!;
  }
}
