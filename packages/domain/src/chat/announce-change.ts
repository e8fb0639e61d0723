import type { Ports } from '../ports/index.js';
import type { User } from '../users/user.js';
import type { ConversationState } from './conversation.js';
import { viewConversation, viewsForEveryone, type ConversationView } from './conversation-views.js';

/**
 * After a group changed (title, participants): every participant of `told`
 * (by default the state after the change) is sent the conversation as they
 * now see it, and the viewer's own view is answered.
 */
export async function announceChange(
  ports: Pick<Ports, 'users' | 'chat' | 'events'>,
  viewer: User,
  conversationId: string,
  told?: ConversationState,
): Promise<ConversationView | null> {
  const state = await ports.chat.get(conversationId);
  const recipients = (told ?? state)?.participants.map((p) => p.userId) ?? [];
  const shown = state ?? told;
  if (!shown) return null;
  await ports.events.publish({
    type: 'conversation.updated',
    views: await viewsForEveryone(ports, shown, recipients),
  });
  return state ? viewConversation(ports, viewer, state) : null;
}
