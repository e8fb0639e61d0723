import type { Conversation, ConversationKind, ConversationState } from '../chat/conversation.js';
import type { Message } from '../chat/message.js';
import type { Notification } from '../notifications/notification.js';
import type { Page, PageCursor } from './social-repository.js';

/** Messages strictly before (newest first) or after (oldest first) `from`; `from` null: from the end or the start. */
export interface MessageRange {
  readonly direction: 'before' | 'after';
  readonly from: string | null;
  readonly limit: number;
}

export interface MessageSlice {
  readonly items: readonly Message[];
  readonly hasMore: boolean;
}

/**
 * Conversations, their participants with read markers, and messages. Messages
 * of a conversation are totally ordered by when they were stored.
 */
/** Who may write to a conversation: what sending a message needs, read cheaply. */
export interface ConversationMembers {
  readonly conversationId: string;
  readonly kind: ConversationKind;
  readonly participantIds: readonly string[];
}

/**
 * What a new message brings along, stored in the same commit (an outbox): a
 * message acknowledged is never missing from a recipient's replay.
 */
export interface MessageOutbox {
  /** Who gets its `message.new` frame: the participants, the sender too (their other devices). */
  readonly recipients: readonly string[];
  /** Candidate `message` notices: one is kept per recipient and conversation until read. */
  readonly notices: readonly Notification[];
}

/** What the outbox logged with a new message: the frame id of each recipient's `message.new`, the notices kept. */
export interface LoggedWithMessage {
  readonly frames: ReadonlyMap<string, string>;
  readonly notices: readonly { readonly notification: Notification; readonly frameId: string }[];
}

export interface ChatRepository {
  get(conversationId: string): Promise<ConversationState | null>;
  members(conversationId: string): Promise<ConversationMembers | null>;
  directBetween(a: string, b: string): Promise<ConversationState | null>;
  /** Creates the direct conversation of `a` and `b`, or answers the one a concurrent call created first. */
  openDirect(conversation: Conversation, a: string, b: string): Promise<ConversationState>;
  createGroup(conversation: Conversation, participantIds: readonly string[]): Promise<ConversationState>;
  /** The member's conversations, most recent activity first (cursor: `updatedAt`, id). */
  listFor(userId: string, limit: number, after: PageCursor | null): Promise<Page<ConversationState>>;
  rename(conversationId: string, title: string, at: Date): Promise<void>;
  /** Adds a member whose read marker starts at the latest message; false when already in. */
  addParticipant(conversationId: string, userId: string, at: Date): Promise<boolean>;
  removeParticipant(conversationId: string, userId: string, at: Date): Promise<boolean>;
  /** The sender's message under this clientMessageId sent at or after `since`. */
  findByClientMessageId(senderId: string, clientMessageId: string, since: Date): Promise<Message | null>;
  /**
   * Stores the message as the conversation's latest (its position after every
   * message committed before it) and moves the sender's read marker to it,
   * with its outbox (frames in the recipients' event logs, notices), all in
   * one commit. When a concurrent send stored the same sender's
   * clientMessageId first (within `since`), answers that one with `created:
   * false` and logs nothing.
   */
  append(
    message: Message,
    since: Date,
    outbox?: MessageOutbox,
  ): Promise<{ message: Message; created: boolean; logged: LoggedWithMessage }>;
  /** null when `range.from` is not a message of this conversation. */
  messages(conversationId: string, range: MessageRange): Promise<MessageSlice | null>;
  /**
   * Moves the member's read marker forward to `messageId` (never back).
   * `unknown`: no such message in the conversation.
   */
  markRead(
    conversationId: string,
    userId: string,
    messageId: string,
  ): Promise<'moved' | 'unchanged' | 'unknown'>;
  /** Messages of others after the member's read marker, per conversation, only where there are some. */
  unreadCounts(userId: string): Promise<ReadonlyMap<string, number>>;
  /** The same count in one conversation, for each of `userIds` (its participants told of a change). */
  unreadIn(conversationId: string, userIds: readonly string[]): Promise<ReadonlyMap<string, number>>;
}
