import type { Ports } from '../ports/index.js';
import { viewConversation, type ConversationView } from '../chat/conversation-views.js';
import { requireConversation } from '../chat/participation.js';
import { loadSelf } from './get-me.js';

/** One of the viewer's conversations, as they see it. */
export class GetConversation {
  constructor(private readonly ports: Pick<Ports, 'users' | 'chat'>) {}

  async execute(input: {
    readonly viewerId: string;
    readonly conversationId: string;
  }): Promise<ConversationView> {
    const viewer = await loadSelf(this.ports.users, input.viewerId);
    const state = await requireConversation(this.ports.chat, input.conversationId, viewer.id);
    return viewConversation(this.ports, viewer, state);
  }
}
