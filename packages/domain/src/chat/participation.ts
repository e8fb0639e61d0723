import { isSuspended } from '../moderation/suspension.js';
import type { Ports } from '../ports/index.js';
import type { ConversationMembers } from '../ports/chat-repository.js';
import type { RelationsBetween } from '../ports/social-repository.js';
import { chatErrors, isParticipant, type ConversationState } from './conversation.js';

/**
 * Who may read and write where. Three reads, by what they answer:
 * `requireMembership` the participant ids only (cheap: every send asks),
 * `requireConversation` the whole state, `requireGroup` the state of a
 * group. Each answers CONVERSATION_NOT_FOUND, then NOT_A_PARTICIPANT.
 */
export async function requireMembership(
  chat: Ports['chat'],
  conversationId: string,
  userId: string,
): Promise<ConversationMembers> {
  const members = await chat.members(conversationId);
  if (!members) throw chatErrors.conversationNotFound();
  if (!members.participantIds.includes(userId)) throw chatErrors.notAParticipant();
  return members;
}

export async function requireConversation(
  chat: Ports['chat'],
  conversationId: string,
  userId: string,
): Promise<ConversationState> {
  const state = await chat.get(conversationId);
  if (!state) throw chatErrors.conversationNotFound();
  if (!isParticipant(state, userId)) throw chatErrors.notAParticipant();
  return state;
}

export async function requireGroup(
  chat: Ports['chat'],
  conversationId: string,
  userId: string,
): Promise<ConversationState> {
  const state = await requireConversation(chat, conversationId, userId);
  if (state.conversation.kind !== 'group') throw chatErrors.notAGroup();
  return state;
}

/** The participant ids of a state, as `ConversationMembers`. */
export function membershipOf(state: ConversationState): ConversationMembers {
  return {
    conversationId: state.conversation.id,
    kind: state.conversation.kind,
    participantIds: state.participants.map((p) => p.userId),
  };
}

/** Connected = both like each other and neither blocked the other. */
export function isConnected(relations: RelationsBetween): boolean {
  return relations.likedByMe && relations.likesMe && !relations.blocked;
}

/**
 * A direct conversation takes messages (and typing) only while its two
 * members are connected, and neither is suspended: with a suspended member
 * it stays readable, and read-only.
 */
export async function assertCanWrite(
  ports: Pick<Ports, 'social' | 'users' | 'clock'>,
  members: ConversationMembers,
  writerId: string,
): Promise<void> {
  if (members.kind !== 'direct') return;
  const other = members.participantIds.find((id) => id !== writerId);
  if (!other || !isConnected(await ports.social.between(writerId, other))) throw chatErrors.notConnected();
  const counterpart = await ports.users.findById(other);
  if (!counterpart || isSuspended(counterpart, ports.clock.now())) throw chatErrors.notConnected();
}
