import type {
  ChatRepository,
  ConversationMembers,
  Conversation,
  LoggedWithMessage,
  MessageOutbox,
  ConversationState,
  Message,
  MessageRange,
  MessageSlice,
  Page,
  PageCursor,
} from '@kindred/domain';
import { chatErrors } from '@kindred/domain';
import type { Orm } from '../orm.js';
import { Batcher } from '../batcher.js';
import { MessageWriter } from './message-writer.js';
import { parseTimestamp } from '../schemas/timestamps.js';
import { isUuid, onlyUuids } from '../schemas/uuid.js';
import { Database, sql } from '../sql/sql.js';

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

const GET = sql<[string], StateRow>(`${STATE_SELECT} where c.id = $1`);
const MEMBERS = sql<
  [string[]],
  { id: string; kind: 'direct' | 'group'; participants: string[] | string | null }
>(
  `select c.id::text as id, c.kind,
          (select array_agg(p.user_id::text) from conversation_participants p where p.conversation_id = c.id) as participants
     from conversations c where c.id = any($1::uuid[])`,
  { prepare: 'kindred_conversation_members' },
);
const DIRECT_BETWEEN = sql<[string], StateRow>(`${STATE_SELECT} where c.direct_key = $1`);
/** A concurrent first message may have opened it: the unique direct_key keeps one. */
const OPEN_DIRECT = sql<[string, string, string, Date, Date, string[]]>(
  `with created as (
     insert into conversations (id, kind, title, created_by, direct_key, created_at, updated_at)
     values ($1, 'direct', null, $2, $3, $4, $5) on conflict (direct_key) do nothing returning id)
   insert into conversation_participants (conversation_id, user_id, joined_at)
   select created.id, u, $4 from created, unnest($6::uuid[]) u`,
);
const CREATE_GROUP = sql<[string, string | null, string, Date, Date, string[]]>(
  `with created as (
     insert into conversations (id, kind, title, created_by, created_at, updated_at)
     values ($1, 'group', $2, $3, $4, $5) returning id)
   insert into conversation_participants (conversation_id, user_id, joined_at)
   select created.id, u, $4 from created, unnest($6::uuid[]) u`,
);
const LIST_FOR = sql<[string, Date | null, string | null, number], StateRow>(
  `${STATE_SELECT}
    where c.id in (select conversation_id from conversation_participants where user_id = $1)
      and ($2::timestamptz is null or (c.updated_at, c.id) < ($2::timestamptz, $3::uuid))
    order by c.updated_at desc, c.id desc
    limit $4`,
);
const RENAME = sql<[string, string, Date]>(
  'update conversations set title = $2, updated_at = greatest(updated_at, $3) where id = $1',
);
const ADD_PARTICIPANT = sql<[string, string, Date], { id: string }>(
  `with added as (
     insert into conversation_participants (conversation_id, user_id, joined_at, read_up_to, read_up_to_seq)
     select $1, $2, $3, last.id, coalesce(last.seq, 0)
       from (select 1) one
       left join lateral (select id, seq from messages where conversation_id = $1 order by seq desc limit 1) last on true
     on conflict do nothing returning conversation_id as id)
   update conversations set updated_at = greatest(updated_at, $3) where id in (select id from added) returning id`,
);
// The conversation is locked before the participant's row, in the message writer's order (it locks the
// conversation, then moves the sender's read marker): the other way round, a member leaving while their
// own messages were stored deadlocked with them.
const REMOVE_PARTICIPANT = sql<[string, string, Date], { id: string }>(
  `with locked as materialized (select id from conversations where id = $1 for no key update),
   removed as (
     delete from conversation_participants p using locked
      where p.conversation_id = locked.id and p.user_id = $2 returning p.conversation_id as id)
   update conversations set updated_at = greatest(updated_at, $3) where id in (select id from removed) returning id`,
);
/** The live claim of the key (the unique index's expression), if it was made within the window. */
const BY_CLIENT_MESSAGE_ID = sql<[string, string, Date], MessageJson>(
  `select ${MESSAGE_COLUMNS} from messages
    where sender_id = $1 and (case when client_message_live then client_message_id end) = $2 and created_at >= $3`,
);
const SEQ_OF = sql<[string, string], { seq: string }>(
  'select seq from messages where id = $1 and conversation_id = $2',
);
const HISTORY = {
  latest: sql<[string, number], MessageJson>(
    `select ${MESSAGE_COLUMNS} from messages where conversation_id = $1 order by seq desc limit $2`,
  ),
  before: sql<[string, string, number], MessageJson>(
    `select ${MESSAGE_COLUMNS} from messages where conversation_id = $1 and seq < $2::bigint order by seq desc limit $3`,
  ),
  first: sql<[string, number], MessageJson>(
    `select ${MESSAGE_COLUMNS} from messages where conversation_id = $1 order by seq asc limit $2`,
  ),
  after: sql<[string, string, number], MessageJson>(
    `select ${MESSAGE_COLUMNS} from messages where conversation_id = $1 and seq > $2::bigint order by seq asc limit $3`,
  ),
};
const MARK_READ = sql<[string, string, string], { found: boolean; moved: boolean }>(
  `with target as (select id, seq from messages where id = $1 and conversation_id = $2),
   moved as (
     update conversation_participants p set read_up_to = target.id, read_up_to_seq = target.seq
       from target where p.conversation_id = $2 and p.user_id = $3 and p.read_up_to_seq < target.seq
     returning 1)
   select exists (select 1 from target) as found, exists (select 1 from moved) as moved`,
);
/** Unread: the others' messages after one's marker (the domain's `unreadFor`, ADR 0008). */
const UNREAD = `join messages m on m.conversation_id = p.conversation_id and m.seq > p.read_up_to_seq and m.sender_id <> p.user_id`;
const UNREAD_COUNTS = sql<[string], { id: string; n: number }>(
  `select p.conversation_id as id, count(*)::int as n
     from conversation_participants p ${UNREAD}
    where p.user_id = $1
    group by p.conversation_id`,
);
const UNREAD_IN = sql<[string, string[]], { userId: string; n: number }>(
  `select p.user_id as "userId", count(m.id)::int as n
     from conversation_participants p left ${UNREAD}
    where p.conversation_id = $1 and p.user_id = any($2::uuid[])
    group by p.user_id`,
);

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
  private readonly db: Database;
  private readonly writer: MessageWriter;

  constructor(orm: Orm) {
    this.db = new Database(orm);
    this.writer = new MessageWriter(orm);
  }

  async get(conversationId: string): Promise<ConversationState | null> {
    if (!isUuid(conversationId)) return null;
    const row = await this.db.first(GET, conversationId);
    return row ? toState(row) : null;
  }

  members(conversationId: string): Promise<ConversationMembers | null> {
    if (!isUuid(conversationId)) return Promise.resolve(null);
    return this.membersBatch.load(conversationId);
  }

  /** Every message send asks who is in its conversation: concurrent asks share one query. */
  private readonly membersBatch = new Batcher<string, ConversationMembers | null>(async (ids) => {
    const rows = await this.db.rows(MEMBERS, ids);
    const byId = new Map(
      rows.map((r) => [
        r.id,
        { conversationId: r.id, kind: r.kind, participantIds: parseUuidArray(r.participants) },
      ]),
    );
    return ids.map((id) => byId.get(id) ?? null);
  });

  async directBetween(a: string, b: string): Promise<ConversationState | null> {
    if (!isUuid(a) || !isUuid(b)) return null;
    const row = await this.db.first(DIRECT_BETWEEN, directKey(a, b));
    return row ? toState(row) : null;
  }

  async openDirect(conversation: Conversation, a: string, b: string): Promise<ConversationState> {
    await this.db.run(
      OPEN_DIRECT,
      conversation.id,
      conversation.createdBy,
      directKey(a, b),
      conversation.createdAt,
      conversation.updatedAt,
      [a, b],
    );
    return (await this.directBetween(a, b))!;
  }

  async createGroup(
    conversation: Conversation,
    participantIds: readonly string[],
  ): Promise<ConversationState> {
    await this.db.run(
      CREATE_GROUP,
      conversation.id,
      conversation.title,
      conversation.createdBy,
      conversation.createdAt,
      conversation.updatedAt,
      onlyUuids([...new Set(participantIds)]),
    );
    return (await this.get(conversation.id))!;
  }

  async listFor(userId: string, limit: number, after: PageCursor | null): Promise<Page<ConversationState>> {
    if (!isUuid(userId)) return { items: [], next: null };
    const from = after && isUuid(after.id) ? after : null;
    const rows = await this.db.rows(LIST_FOR, userId, from?.at ?? null, from?.id ?? null, limit + 1);
    const items = rows.slice(0, limit).map(toState);
    const last = items.at(-1);
    return {
      items,
      next:
        rows.length > limit && last ? { at: last.conversation.updatedAt, id: last.conversation.id } : null,
    };
  }

  async rename(conversationId: string, title: string, at: Date): Promise<void> {
    if (isUuid(conversationId)) await this.db.run(RENAME, conversationId, title, at);
  }

  async addParticipant(conversationId: string, userId: string, at: Date): Promise<boolean> {
    if (!isUuid(conversationId) || !isUuid(userId)) return false;
    return (await this.db.rows(ADD_PARTICIPANT, conversationId, userId, at)).length > 0;
  }

  async removeParticipant(conversationId: string, userId: string, at: Date): Promise<boolean> {
    if (!isUuid(conversationId) || !isUuid(userId)) return false;
    return (await this.db.rows(REMOVE_PARTICIPANT, conversationId, userId, at)).length > 0;
  }

  async findByClientMessageId(
    senderId: string,
    clientMessageId: string,
    since: Date,
  ): Promise<Message | null> {
    if (!isUuid(senderId)) return null;
    const row = await this.db.first(BY_CLIENT_MESSAGE_ID, senderId, clientMessageId, since);
    return row ? toMessage(row) : null;
  }

  async append(
    message: Message,
    since: Date,
    outbox: MessageOutbox = { recipients: [], notices: [] },
  ): Promise<{ message: Message; created: boolean; logged: LoggedWithMessage }> {
    const logged = await this.writer.store(message, since, outbox);
    if (logged) return { message, created: true, logged };
    const earlier =
      message.clientMessageId === null
        ? null
        : await this.findByClientMessageId(message.senderId, message.clientMessageId, since);
    // Not stored and no claim to answer: the conversation went away between the check and the write.
    if (!earlier) throw chatErrors.conversationNotFound();
    return { message: earlier, created: false, logged: { frames: new Map(), notices: [] } };
  }

  async messages(conversationId: string, range: MessageRange): Promise<MessageSlice | null> {
    if (!isUuid(conversationId)) return null;
    const before = range.direction === 'before';
    const fetch = range.limit + 1;
    let rows: MessageJson[];
    if (range.from === null) {
      rows = await this.db.rows(before ? HISTORY.latest : HISTORY.first, conversationId, fetch);
    } else {
      if (!isUuid(range.from)) return null;
      const found = await this.db.first(SEQ_OF, range.from, conversationId);
      if (!found) return null;
      rows = await this.db.rows(before ? HISTORY.before : HISTORY.after, conversationId, found.seq, fetch);
    }
    return { items: rows.slice(0, range.limit).map(toMessage), hasMore: rows.length > range.limit };
  }

  async markRead(
    conversationId: string,
    userId: string,
    messageId: string,
  ): Promise<'moved' | 'unchanged' | 'unknown'> {
    if (!isUuid(messageId) || !isUuid(conversationId) || !isUuid(userId)) return 'unknown';
    const row = (await this.db.first(MARK_READ, messageId, conversationId, userId))!;
    return !row.found ? 'unknown' : row.moved ? 'moved' : 'unchanged';
  }

  async unreadIn(conversationId: string, userIds: readonly string[]): Promise<ReadonlyMap<string, number>> {
    const known = onlyUuids(userIds);
    if (!isUuid(conversationId) || known.length === 0) return new Map();
    const rows = await this.db.rows(UNREAD_IN, conversationId, known);
    return new Map(rows.map((r) => [r.userId, Number(r.n)]));
  }

  async unreadCounts(userId: string): Promise<ReadonlyMap<string, number>> {
    if (!isUuid(userId)) return new Map();
    const rows = await this.db.rows(UNREAD_COUNTS, userId);
    return new Map(rows.map((r) => [r.id, Number(r.n)]));
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
