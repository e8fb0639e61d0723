import type { Ports } from '../ports/index.js';
import type { Page, PageCursor } from '../ports/social-repository.js';
import { viewConversations, type ConversationView } from '../chat/conversation-views.js';
import { loadSelf } from './get-me.js';

/** The viewer's conversations, most recent activity first. */
export class ListConversations {
  constructor(private readonly ports: Pick<Ports, 'users' | 'chat'>) {}

  async execute(input: {
    readonly viewerId: string;
    readonly limit: number;
    readonly after: PageCursor | null;
  }): Promise<Page<ConversationView>> {
    const viewer = await loadSelf(this.ports.users, input.viewerId);
    const page = await this.ports.chat.listFor(viewer.id, input.limit, input.after);
    return { items: await viewConversations(this.ports, viewer, page.items), next: page.next };
  }
}
