import { DomainError, ValidationError } from '../errors.js';
import { checkText, codePoints } from '../text/text-rules.js';
import type { Message } from './message.js';

export type ConversationKind = 'direct' | 'group';

export interface Conversation {
  readonly id: string;
  readonly kind: ConversationKind;
  /** Groups only. */
  readonly title: string | null;
  readonly createdBy: string;
  readonly createdAt: Date;
  /** Last message or change of title or participants: the order of a member's conversation list. */
  readonly updatedAt: Date;
}

export interface Participant {
  readonly userId: string;
  /** The last message this participant has read ("up to and including"), or null. */
  readonly readUpTo: string | null;
  readonly joinedAt: Date;
}

/** A conversation with who is in it and its last message. */
export interface ConversationState {
  readonly conversation: Conversation;
  readonly participants: readonly Participant[];
  readonly lastMessage: Message | null;
}

export const GROUP_TITLE_MAX = 100;
/** Invitees when a group is created (the creator makes at most 50). */
export const GROUP_INVITEES_MAX = 49;

export function groupTitle(raw: string): string {
  const badText = checkText(raw, 'line', '/title');
  if (badText.length > 0) throw new ValidationError(badText);
  const title = raw.trim();
  const length = codePoints(title);
  if (length === 0 || length > GROUP_TITLE_MAX)
    throw new ValidationError([
      { path: '/title', code: 'OUT_OF_RANGE', message: `1 to ${GROUP_TITLE_MAX} characters` },
    ]);
  return title;
}

export function isParticipant(state: ConversationState, userId: string): boolean {
  return state.participants.some((p) => p.userId === userId);
}

export const chatErrors = {
  conversationNotFound: () => new DomainError('CONVERSATION_NOT_FOUND', 'No such conversation'),
  notAParticipant: () => new DomainError('NOT_A_PARTICIPANT', 'You are not in this conversation'),
  notConnected: () =>
    new DomainError('NOT_CONNECTED', 'You can only write to members you are connected with'),
  participantNotFound: () => new DomainError('USER_NOT_FOUND', 'No such participant'),
  notAllowed: () => new DomainError('NOT_ALLOWED', 'Only the creator of a group removes others'),
  alreadyParticipant: () => new DomainError('ALREADY_PARTICIPANT', 'Already in this conversation'),
  notAGroup: () => new DomainError('NOT_A_GROUP', 'Direct conversations have no title or members to change'),
  clientMessageIdReused: () =>
    new DomainError(
      'CLIENT_MESSAGE_ID_REUSED',
      'This clientMessageId already names another message of yours (within 24 h)',
    ),
  messageNotFound: () =>
    new ValidationError([
      { path: '/messageId', code: 'NOT_IN_CONVERSATION', message: 'No such message here' },
    ]),
};
