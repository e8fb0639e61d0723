import type { Ports } from '../ports/index.js';
import { chatErrors } from '../chat/conversation.js';
import { viewConversation, type ConversationView } from '../chat/conversation-views.js';
import { refersTo, resolveOther } from '../social/resolve-user.js';
import { loadSelf } from './get-me.js';

/** The direct conversation with another member, once either has written. */
export class GetDirectConversation {
  constructor(private readonly ports: Pick<Ports, 'users' | 'social' | 'chat' | 'clock'>) {}

  async execute(input: { readonly viewerId: string; readonly ref: string }): Promise<ConversationView> {
    const viewer = await loadSelf(this.ports.users, input.viewerId);
    const target = refersTo(viewer, input.ref)
      ? viewer
      : (await resolveOther(this.ports, viewer, input.ref)).target;
    const state = target.id === viewer.id ? null : await this.ports.chat.directBetween(viewer.id, target.id);
    if (!state) throw chatErrors.conversationNotFound();
    return viewConversation(this.ports, viewer, state);
  }
}
