import type {
  ChatRepository,
  ConversationMembers,
  Conversation,
  ConversationState,
  Message,
  MessageRange,
  MessageSlice,
  Page,
  PageCursor,
} from '@kindred/domain';
import type { Orm } from '../orm.js';
import { translating } from '../database-errors.js';
import { preparedRows } from '../prepared-query.js';
import { Batcher } from '../batcher.js';
import { MessageWriter } from './message-writer.js';
import { parseTimestamp } from '../schemas/select-columns.js';
import { isUuid, uuidArray } from '../schemas/uuid.js';

interface StateRow {
  id: string;
  kind: 'direct' | 'group';
  title: string | null;
  createdBy: string;
  createdAt: string | Date;
  updatedAt: string | Date;
  participants: { userId: string; readUpTo: string | null; joinedAt: string }[] | null;
  lastMessage: MessageJson | null;
}

interface MessageJson {
  id: string;
  conversationId: string;
  senderId: string;
  content: string;
  clientMessageId: string | null;
  createdAt: string | Date;
}

const MESSAGE_COLUMNS = `id, conversation_id as "conversationId", sender_id as "senderId", content,
  client_message_id as "clientMessageId", created_at as "createdAt"`;

/** Conversations with participants and last message, in one statement (json aggregates). */
const STATE_SELECT = `
  select c.id, c.kind, c.title, c.created_by as "createdBy", c.created_at as "createdAt", c.updated_at as "updatedAt",
         (select json_agg(json_build_object('userId', p.user_id, 'readUpTo', p.read_up_to, 'joinedAt', p.joined_at)
                          order by p.joined_at, p.user_id)
            from conversation_participants p where p.conversation_id = c.id) as participants,
         (select row_to_json(m) from (select ${MESSAGE_COLUMNS} from messages
                                       where conversation_id = c.id order by seq desc limit 1) m) as "lastMessage"
    from conversations c`;

const directKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

function toMessage(row: MessageJson): Message {
  return { ...row, createdAt: parseTimestamp(row.createdAt) };
}

function toState(row: StateRow): ConversationState {
  const conversation: Conversation = {
    id: row.id,
    kind: row.kind,
    title: row.title,
    createdBy: row.createdBy,
    createdAt: parseTimestamp(row.createdAt),
    updatedAt: parseTimestamp(row.updatedAt),
  };
  return {
    conversation,
    participants: (row.participants ?? []).map((p) => ({
      userId: p.userId,
      readUpTo: p.readUpTo,
      joinedAt: parseTimestamp(p.joinedAt),
    })),
    lastMessage: row.lastMessage ? toMessage(row.lastMessage) : null,
  };
}

export class SqlChatRepository implements ChatRepository {
  private readonly writer: MessageWriter;

  constructor(private readonly orm: Orm) {
    this.writer = new MessageWriter(orm);
  }

  async get(conversationId: string): Promise<ConversationState | null> {
    if (!isUuid(conversationId)) return null;
    const rows = await this.query<StateRow>(`${STATE_SELECT} where c.id = ?`, [conversationId]);
    return rows[0] ? toState(rows[0]) : null;
  }

  members(conversationId: string): Promise<ConversationMembers | null> {
    if (!isUuid(conversationId)) return Promise.resolve(null);
    return this.membersBatch.load(conversationId);
  }

  /** Every message send asks who is in its conversation: concurrent asks share one query. */
  private readonly membersBatch = new Batcher<string, ConversationMembers | null>(async (ids) => {
    const rows = await translating(() =>
      preparedRows<{ id: string; kind: 'direct' | 'group'; participants: string[] | string | null }>(
        this.orm,
        'kindred_conversation_members',
        `select c.id::text as id, c.kind,
                (select array_agg(p.user_id::text) from conversation_participants p where p.conversation_id = c.id) as participants
           from conversations c where c.id = any($1::uuid[])`,
        [uuidArray(ids)],
      ),
    );
    const byId = new Map(
      rows.map((r) => [
        r.id,
        { conversationId: r.id, kind: r.kind, participantIds: parseUuidArray(r.participants) },
      ]),
    );
    return ids.map((id) => byId.get(id) ?? null);
  });

  async directBetween(a: string, b: string): Promise<ConversationState | null> {
    const rows = await this.query<StateRow>(`${STATE_SELECT} where c.direct_key = ?`, [directKey(a, b)]);
    return rows[0] ? toState(rows[0]) : null;
  }

  async openDirect(conversation: Conversation, a: string, b: string): Promise<ConversationState> {
    // A concurrent first message may have opened it: the unique direct_key keeps one.
    await this.query(
      `with created as (
         insert into conversations (id, kind, title, created_by, direct_key, created_at, updated_at)
         values (?, 'direct', null, ?, ?, ?, ?) on conflict (direct_key) do nothing returning id)
       insert into conversation_participants (conversation_id, user_id, joined_at)
       select created.id, u, ? from created, unnest(?::uuid[]) u`,
      [
        conversation.id,
        conversation.createdBy,
        directKey(a, b),
        conversation.createdAt,
        conversation.updatedAt,
        conversation.createdAt,
        uuidArray([a, b]),
      ],
    );
    return (await this.directBetween(a, b))!;
  }

  async createGroup(
    conversation: Conversation,
    participantIds: readonly string[],
  ): Promise<ConversationState> {
    await this.query(
      `with created as (
         insert into conversations (id, kind, title, created_by, created_at, updated_at)
         values (?, 'group', ?, ?, ?, ?) returning id)
       insert into conversation_participants (conversation_id, user_id, joined_at)
       select created.id, u, ? from created, unnest(?::uuid[]) u`,
      [
        conversation.id,
        conversation.title,
        conversation.createdBy,
        conversation.createdAt,
        conversation.updatedAt,
        conversation.createdAt,
        uuidArray([...new Set(participantIds)]),
      ],
    );
    return (await this.get(conversation.id))!;
  }

  async listFor(userId: string, limit: number, after: PageCursor | null): Promise<Page<ConversationState>> {
    const rows = await this.query<StateRow>(
      `${STATE_SELECT}
        where c.id in (select conversation_id from conversation_participants where user_id = ?)
          and (?::timestamptz is null or (c.updated_at, c.id) < (?::timestamptz, ?::uuid))
        order by c.updated_at desc, c.id desc
        limit ?`,
      [userId, after?.at ?? null, after?.at ?? null, after?.id ?? null, limit + 1],
    );
    const items = rows.slice(0, limit).map(toState);
    const last = items.at(-1);
    return {
      items,
      next:
        rows.length > limit && last ? { at: last.conversation.updatedAt, id: last.conversation.id } : null,
    };
  }

  async rename(conversationId: string, title: string, at: Date): Promise<void> {
    await this.query(
      'update conversations set title = ?, updated_at = greatest(updated_at, ?) where id = ?',
      [title, at, conversationId],
    );
  }

  async addParticipant(conversationId: string, userId: string, at: Date): Promise<boolean> {
    const rows = await this.query<{ id: string }>(
      `with added as (
         insert into conversation_participants (conversation_id, user_id, joined_at, read_up_to, read_up_to_seq)
         select ?, ?, ?, last.id, coalesce(last.seq, 0)
           from (select 1) one
           left join lateral (select id, seq from messages where conversation_id = ? order by seq desc limit 1) last on true
         on conflict do nothing returning conversation_id as id)
       update conversations set updated_at = greatest(updated_at, ?) where id in (select id from added) returning id`,
      [conversationId, userId, at, conversationId, at],
    );
    return rows.length > 0;
  }

  async removeParticipant(conversationId: string, userId: string, at: Date): Promise<boolean> {
    const rows = await this.query<{ id: string }>(
      `with removed as (
         delete from conversation_participants where conversation_id = ? and user_id = ? returning conversation_id as id)
       update conversations set updated_at = greatest(updated_at, ?) where id in (select id from removed) returning id`,
      [conversationId, userId, at],
    );
    return rows.length > 0;
  }

  async findByClientMessageId(
    senderId: string,
    clientMessageId: string,
    since: Date,
  ): Promise<Message | null> {
    const rows = await this.query<MessageJson>(
      `select ${MESSAGE_COLUMNS} from messages
        where id = (select message_id from client_message_ids
                     where sender_id = ? and client_message_id = ? and created_at >= ?)`,
      [senderId, clientMessageId, since],
    );
    return rows[0] ? toMessage(rows[0]) : null;
  }

  async append(message: Message, since: Date): Promise<{ message: Message; created: boolean }> {
    if (await this.writer.store(message, since)) return { message, created: true };
    const earlier = await this.findByClientMessageId(message.senderId, message.clientMessageId!, since);
    if (!earlier) throw new Error('clientMessageId claimed by a message that cannot be read');
    return { message: earlier, created: false };
  }

  async messages(conversationId: string, range: MessageRange): Promise<MessageSlice | null> {
    if (!isUuid(conversationId)) return null;
    let from: number | null = null;
    if (range.from !== null) {
      if (!isUuid(range.from)) return null;
      const found = await this.query<{ seq: string }>(
        'select seq from messages where id = ? and conversation_id = ?',
        [range.from, conversationId],
      );
      if (!found[0]) return null;
      from = Number(found[0].seq);
    }
    const before = range.direction === 'before';
    const rows = await this.query<MessageJson>(
      `select ${MESSAGE_COLUMNS} from messages
        where conversation_id = ? ${from === null ? '' : `and seq ${before ? '<' : '>'} ?`}
        order by seq ${before ? 'desc' : 'asc'} limit ?`,
      from === null ? [conversationId, range.limit + 1] : [conversationId, from, range.limit + 1],
    );
    return { items: rows.slice(0, range.limit).map(toMessage), hasMore: rows.length > range.limit };
  }

  async markRead(
    conversationId: string,
    userId: string,
    messageId: string,
  ): Promise<'moved' | 'unchanged' | 'unknown'> {
    if (!isUuid(messageId)) return 'unknown';
    const rows = await this.query<{ found: boolean; moved: boolean }>(
      `with target as (select id, seq from messages where id = ? and conversation_id = ?),
       moved as (
         update conversation_participants p set read_up_to = target.id, read_up_to_seq = target.seq
           from target where p.conversation_id = ? and p.user_id = ? and p.read_up_to_seq < target.seq
         returning 1)
       select exists (select 1 from target) as found, exists (select 1 from moved) as moved`,
      [messageId, conversationId, conversationId, userId],
    );
    const row = rows[0]!;
    return !row.found ? 'unknown' : row.moved ? 'moved' : 'unchanged';
  }

  async unreadCounts(userId: string): Promise<ReadonlyMap<string, number>> {
    const rows = await this.query<{ id: string; n: number }>(
      `select p.conversation_id as id, count(*)::int as n
         from conversation_participants p
         join messages m on m.conversation_id = p.conversation_id and m.seq > p.read_up_to_seq
        where p.user_id = ? and m.sender_id <> p.user_id
        group by p.conversation_id`,
      [userId],
    );
    return new Map(rows.map((r) => [r.id, Number(r.n)]));
  }

  private query<T>(sql: string, params: unknown[]): Promise<T[]> {
    return translating(async () => (await this.orm.em.getConnection().execute(sql, params)) as T[]);
  }
}

/** A uuid[] as pg returns it: an array, or its text form when the array type is not parsed. */
function parseUuidArray(value: string[] | string | null): string[] {
  if (value === null) return [];
  if (Array.isArray(value)) return value;
  return value
    .replace(/^\{|\}$/g, '')
    .split(',')
    .filter(Boolean);
}
