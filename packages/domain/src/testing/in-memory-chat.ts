import type { Conversation, ConversationState, Participant } from '../chat/conversation.js';
import type { Message } from '../chat/message.js';
import type {
  ChatRepository,
  ConversationMembers,
  LoggedWithMessage,
  MessageOutbox,
  MessageRange,
  MessageSlice,
} from '../ports/chat-repository.js';
import type { Notification } from '../notifications/notification.js';
import type { User } from '../users/user.js';
import type { InMemoryEventLog } from './in-memory-realtime.js';
import type { Page, PageCursor } from '../ports/social-repository.js';
import type { DomainEvent, EventPublisher } from '../ports/realtime.js';
import { markerAfterSending, movesForward, unreadFor } from '../chat/read-markers.js';

interface Row {
  conversation: Conversation;
  participants: Participant[];
  /** In the order they were stored. */
  messages: Message[];
}

const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** Where an outbox goes in memory: the event log, the notices, and the users its events show. */
export interface InMemoryOutbox {
  readonly eventLog: InMemoryEventLog;
  readonly notices: { addMessageNotice(notification: Notification): Promise<boolean> };
  readonly users: { peek(id: string): User | undefined };
}

export class InMemoryChatRepository implements ChatRepository {
  private readonly rows = new Map<string, Row>();
  private readonly directs = new Map<string, string>();

  /** Without an outbox (a store on its own), outbox entries are dropped. */
  constructor(private readonly outbox: InMemoryOutbox | null = null) {}

  async get(conversationId: string): Promise<ConversationState | null> {
    const row = this.rows.get(conversationId);
    return row ? this.state(row) : null;
  }

  async members(conversationId: string): Promise<ConversationMembers | null> {
    const row = this.rows.get(conversationId);
    return row
      ? { conversationId, kind: row.conversation.kind, participantIds: row.participants.map((p) => p.userId) }
      : null;
  }

  async directBetween(a: string, b: string): Promise<ConversationState | null> {
    const id = this.directs.get(pairKey(a, b));
    return id ? this.get(id) : null;
  }

  async openDirect(conversation: Conversation, a: string, b: string): Promise<ConversationState> {
    const existing = await this.directBetween(a, b);
    if (existing) return existing;
    this.directs.set(pairKey(a, b), conversation.id);
    return this.createGroup(conversation, [a, b]);
  }

  async createGroup(
    conversation: Conversation,
    participantIds: readonly string[],
  ): Promise<ConversationState> {
    const row: Row = {
      conversation,
      participants: [...new Set(participantIds)].map((userId) => ({
        userId,
        readUpTo: null,
        joinedAt: conversation.createdAt,
      })),
      messages: [],
    };
    this.rows.set(conversation.id, row);
    return this.state(row);
  }

  async listFor(userId: string, limit: number, after: PageCursor | null): Promise<Page<ConversationState>> {
    const mine = [...this.rows.values()]
      .filter((row) => row.participants.some((p) => p.userId === userId))
      .map((row) => row.conversation)
      .sort(
        (x, y) => y.updatedAt.getTime() - x.updatedAt.getTime() || (x.id < y.id ? 1 : x.id > y.id ? -1 : 0),
      )
      .filter(
        (c) =>
          !after ||
          c.updatedAt.getTime() < after.at.getTime() ||
          (c.updatedAt.getTime() === after.at.getTime() && c.id < after.id),
      );
    const items = mine.slice(0, limit);
    const last = items.at(-1);
    return {
      items: items.map((c) => this.state(this.rows.get(c.id)!)),
      next: mine.length > limit && last ? { at: last.updatedAt, id: last.id } : null,
    };
  }

  async rename(conversationId: string, title: string, at: Date): Promise<void> {
    const row = this.rows.get(conversationId);
    if (row) row.conversation = { ...row.conversation, title, updatedAt: at };
  }

  async addParticipant(conversationId: string, userId: string, at: Date): Promise<boolean> {
    const row = this.rows.get(conversationId);
    if (!row || row.participants.some((p) => p.userId === userId)) return false;
    row.participants.push({ userId, readUpTo: row.messages.at(-1)?.id ?? null, joinedAt: at });
    row.conversation = { ...row.conversation, updatedAt: at };
    return true;
  }

  async removeParticipant(conversationId: string, userId: string, at: Date): Promise<boolean> {
    const row = this.rows.get(conversationId);
    if (!row) return false;
    const before = row.participants.length;
    row.participants = row.participants.filter((p) => p.userId !== userId);
    if (row.participants.length === before) return false;
    row.conversation = { ...row.conversation, updatedAt: at };
    return true;
  }

  async findByClientMessageId(
    senderId: string,
    clientMessageId: string,
    since: Date,
  ): Promise<Message | null> {
    return this.claimed(senderId, clientMessageId, since);
  }

  /** Synchronous, so that checking and storing in `append` cannot interleave with another call. */
  private claimed(senderId: string, clientMessageId: string, since: Date): Message | null {
    for (const row of this.rows.values()) {
      const found = row.messages.find(
        (m) => m.senderId === senderId && m.clientMessageId === clientMessageId && m.createdAt >= since,
      );
      if (found) return found;
    }
    return null;
  }

  async append(
    message: Message,
    since: Date,
    outbox: MessageOutbox = { recipients: [], notices: [] },
  ): Promise<{ message: Message; created: boolean; logged: LoggedWithMessage }> {
    if (message.clientMessageId !== null) {
      const earlier = this.claimed(message.senderId, message.clientMessageId, since);
      if (earlier) return { message: earlier, created: false, logged: { frames: new Map(), notices: [] } };
    }
    const row = this.rows.get(message.conversationId);
    if (!row) throw new Error(`no conversation ${message.conversationId}`);
    row.messages.push(message);
    row.conversation = { ...row.conversation, updatedAt: message.createdAt };
    row.participants = row.participants.map((p) => markerAfterSending(p, message));
    return { message, created: true, logged: await this.logOutbox(message, outbox) };
  }

  /** The frames of a new message and its notices, as the event log keeps outbox entries: events, rendered on replay. */
  private async logOutbox(message: Message, outbox: MessageOutbox): Promise<LoggedWithMessage> {
    const sender = this.outbox?.users.peek(message.senderId);
    if (!this.outbox || !sender) return { frames: new Map(), notices: [] };
    const { eventLog, notices, users } = this.outbox;
    const view = { ...message, sender: { id: sender.id, username: sender.username } };
    const frames = new Map<string, string>();
    for (const userId of outbox.recipients) {
      if (!users.peek(userId)) continue;
      const [id] = eventLog.log([
        {
          userId,
          at: message.createdAt,
          event: { type: 'message.new', recipients: [userId], message: view },
        },
      ]);
      frames.set(userId, id!);
    }
    const kept: { notification: Notification; frameId: string }[] = [];
    for (const notification of outbox.notices) {
      const recipient = users.peek(notification.userId);
      if (!recipient || !(await notices.addMessageNotice(notification))) continue;
      const [frameId] = eventLog.log([
        {
          userId: recipient.id,
          at: message.createdAt,
          event: { type: 'notification', notification, recipient, actor: sender },
        },
      ]);
      kept.push({ notification, frameId: frameId! });
    }
    return { frames, notices: kept };
  }

  async messages(conversationId: string, range: MessageRange): Promise<MessageSlice | null> {
    const row = this.rows.get(conversationId);
    if (!row) return null;
    const all = row.messages;
    const at = range.from === null ? null : all.findIndex((m) => m.id === range.from);
    if (at === -1) return null;
    const rest =
      range.direction === 'before'
        ? all.slice(0, at ?? all.length).reverse()
        : all.slice(at === null ? 0 : at + 1);
    return { items: rest.slice(0, range.limit), hasMore: rest.length > range.limit };
  }

  async markRead(
    conversationId: string,
    userId: string,
    messageId: string,
  ): Promise<'moved' | 'unchanged' | 'unknown'> {
    const row = this.rows.get(conversationId);
    const position = row?.messages.findIndex((m) => m.id === messageId) ?? -1;
    if (!row || position === -1) return 'unknown';
    const participant = row.participants.find((p) => p.userId === userId);
    if (!participant) return 'unknown';
    if (!movesForward(row.messages, participant.readUpTo, messageId)) return 'unchanged';
    row.participants = row.participants.map((p) => (p.userId === userId ? { ...p, readUpTo: messageId } : p));
    return 'moved';
  }

  async unreadCounts(userId: string): Promise<ReadonlyMap<string, number>> {
    const counts = new Map<string, number>();
    for (const row of this.rows.values()) {
      const me = row.participants.find((p) => p.userId === userId);
      if (!me) continue;
      const n = unreadFor(row.messages, me);
      if (n > 0) counts.set(row.conversation.id, n);
    }
    return counts;
  }

  async unreadIn(conversationId: string, userIds: readonly string[]): Promise<ReadonlyMap<string, number>> {
    const row = this.rows.get(conversationId);
    const counts = new Map<string, number>();
    for (const p of row?.participants ?? [])
      if (userIds.includes(p.userId)) counts.set(p.userId, unreadFor(row!.messages, p));
    return counts;
  }

  /** A deleted account leaves its conversations and takes its messages along. */
  dropUser(userId: string): void {
    for (const row of this.rows.values()) {
      row.participants = row.participants.filter((p) => p.userId !== userId);
      row.messages = row.messages.filter((m) => m.senderId !== userId);
    }
  }

  private state(row: Row): ConversationState {
    return {
      conversation: row.conversation,
      participants: [...row.participants],
      lastMessage: row.messages.at(-1) ?? null,
    };
  }
}

/** Keeps every published event, in order, for tests and for embedders that poll. */
export class RecordingEventPublisher implements EventPublisher {
  readonly events: DomainEvent[] = [];

  async publish(event: DomainEvent): Promise<void> {
    this.events.push(event);
  }

  ofType<T extends DomainEvent['type']>(type: T): Extract<DomainEvent, { type: T }>[] {
    return this.events.filter((e): e is Extract<DomainEvent, { type: T }> => e.type === type);
  }
}
