import type { Ports } from '../ports/index.js';
import { groupTitle } from '../chat/conversation.js';
import { announceChange } from '../chat/announce-change.js';
import type { ConversationView } from '../chat/conversation-views.js';
import { requireGroup } from '../chat/participation.js';
import { loadSelf } from './get-me.js';

/** Any participant renames a group; every participant is told. */
export class RenameGroup {
  constructor(private readonly ports: Pick<Ports, 'users' | 'chat' | 'events' | 'clock'>) {}

  async execute(input: {
    readonly viewerId: string;
    readonly conversationId: string;
    readonly title: string;
  }): Promise<ConversationView> {
    const title = groupTitle(input.title);
    const viewer = await loadSelf(this.ports.users, input.viewerId);
    const before = await requireGroup(this.ports.chat, input.conversationId, viewer.id);
    await this.ports.chat.rename(before.conversation.id, title, this.ports.clock.now());
    return (await announceChange(this.ports, viewer, before.conversation.id))!;
  }
}
