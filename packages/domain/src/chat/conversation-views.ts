// The repositories by their own files: ports/index.ts names the events, which name these views.
import type { ChatRepository } from '../ports/chat-repository.js';
import type { UserRepository } from '../ports/user-repository.js';
import type { User } from '../users/user.js';
import type { ConversationState } from './conversation.js';
import type { Message } from './message.js';

/** A conversation as one member sees it, with the members it mentions. */
export interface ConversationView {
  readonly viewer: User;
  readonly state: ConversationState;
  /** Participants and the last message's sender, by id. */
  readonly members: ReadonlyMap<string, User>;
  readonly unreadCount: number;
}

/** A message with who sent it, as every reader sees it. */
export interface MessageView extends Message {
  readonly sender: Pick<User, 'id' | 'username'>;
}

/** The users a conversation mentions: its participants and its last message's sender. */
export async function membersMentioned(
  users: UserRepository,
  states: readonly ConversationState[],
): Promise<Map<string, User>> {
  const ids = new Set<string>();
  for (const state of states) {
    for (const p of state.participants) ids.add(p.userId);
    if (state.lastMessage) ids.add(state.lastMessage.senderId);
  }
  return new Map((await users.findByIds([...ids])).map((u) => [u.id, u]));
}

/** Conversations as `viewer` sees them: one read of the users, one of the viewer's unread counts. */
export async function viewConversations(
  ports: { readonly users: UserRepository; readonly chat: ChatRepository },
  viewer: User,
  states: readonly ConversationState[],
): Promise<ConversationView[]> {
  const members = await membersMentioned(ports.users, states);
  const unread = await ports.chat.unreadCounts(viewer.id);
  return states.map((state) => ({
    viewer,
    state,
    members,
    unreadCount: unread.get(state.conversation.id) ?? 0,
  }));
}

export async function viewConversation(
  ports: { readonly users: UserRepository; readonly chat: ChatRepository },
  viewer: User,
  state: ConversationState,
): Promise<ConversationView> {
  return (await viewConversations(ports, viewer, [state]))[0]!;
}

/**
 * A conversation as each of its participants sees it (after a change every
 * one of them is told): one read of the users, one of everyone's unread count.
 */
export async function viewsForEveryone(
  ports: { readonly users: UserRepository; readonly chat: ChatRepository },
  state: ConversationState,
  recipients: readonly string[],
): Promise<ConversationView[]> {
  const members = await membersMentioned(ports.users, [state]);
  const missing = recipients.filter((id) => !members.has(id));
  for (const user of missing.length ? await ports.users.findByIds(missing) : []) members.set(user.id, user);
  const unread = await ports.chat.unreadIn(state.conversation.id, recipients);
  return recipients.flatMap((id) => {
    const viewer = members.get(id);
    return viewer ? [{ viewer, state, members, unreadCount: unread.get(id) ?? 0 }] : [];
  });
}

/** Messages with their senders (one read of the users). */
export async function viewMessages(
  users: UserRepository,
  messages: readonly Message[],
): Promise<MessageView[]> {
  const senders = new Map(
    (await users.findByIds([...new Set(messages.map((m) => m.senderId))])).map((u) => [u.id, u]),
  );
  return messages.flatMap((message) => {
    const sender = senders.get(message.senderId);
    return sender ? [{ ...message, sender: { id: sender.id, username: sender.username } }] : [];
  });
}
