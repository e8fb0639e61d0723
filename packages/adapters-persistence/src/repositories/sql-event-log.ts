import type { Delivery, EventLog, LoggedFrame, Notification, User } from '@kindred/domain';
import type { Orm } from '../orm.js';
import { Batcher } from '../batcher.js';
import { parseTimestamp } from '../schemas/timestamps.js';
import { isUuid } from '../schemas/uuid.js';
import { Database, sql } from '../sql/sql.js';

const ID = /^\d{1,18}$/;

const APPEND = sql<[string], { i: number; seq: string }>(
  `with input as (
     select * from jsonb_to_recordset($1::jsonb) as x(i int, user_id uuid, type text, data jsonb, at timestamptz)
      where exists (select 1 from users u where u.id = x.user_id)),
   counts as (select user_id, count(*) as n from input group by user_id order by user_id),
   bumped as (
     insert into event_streams (user_id, last_seq) select user_id, n from counts order by user_id
     on conflict (user_id) do update set last_seq = event_streams.last_seq + excluded.last_seq
     returning user_id, last_seq),
   numbered as (
     select input.*, bumped.last_seq - count(*) over w + row_number() over (w order by input.i) as seq
       from input join bumped using (user_id)
     window w as (partition by input.user_id)),
   stored as (
     insert into events (user_id, seq, type, data, created_at)
     select user_id, seq, type, data, at from numbered returning 1)
   select i, seq::text as seq from numbered`,
  { prepare: 'kindred_append_events' },
);
const BOUNDS = sql<[string], { last: string | null; first: string | null }>(
  `select (select last_seq from event_streams where user_id = $1)::text as last,
          (select seq from events where user_id = $1 order by (seq >> 6), seq limit 1)::text as first`,
);
interface AfterRow {
  id: string;
  /** null for an outbox's reference. */
  type: string | null;
  data: unknown;
  at: string | Date;
  notificationId: string | null;
  /** The referenced message, when the entry is an outbox's `message.new` and the message is still there. */
  messageId: string | null;
  conversationId: string;
  senderId: string;
  username: string;
  content: string;
  clientMessageId: string | null;
  createdAt: string | Date;
}

const AFTER = sql<[string, string, number], AfterRow>(
  `select e.seq::text as id, e.type, e.data, e.created_at as at, e.notification_id::text as "notificationId",
          m.id::text as "messageId", m.conversation_id::text as "conversationId", m.sender_id::text as "senderId",
          s.username, m.content, m.client_message_id as "clientMessageId", m.created_at as "createdAt"
     from events e
     left join messages m on m.id = e.message_id
     left join users s on s.id = m.sender_id
    where e.user_id = $1 and (e.seq >> 6) >= ($2::bigint >> 6) and e.seq > $2::bigint
    order by e.seq limit $3`,
  { prepare: 'kindred_events_after' },
);
const NOTIFICATIONS = sql<
  [string[]],
  {
    id: string;
    userId: string;
    type: Notification['type'];
    actorId: string | null;
    conversationId: string | null;
    createdAt: string | Date;
    readAt: string | Date | null;
  }
>(
  `select id::text, user_id::text as "userId", type, actor_id::text as "actorId",
          conversation_id::text as "conversationId", created_at as "createdAt", read_at as "readAt"
     from notifications where id = any($1::uuid[])`,
);
const LAST_ID = sql<[string], { last: string }>(
  'select last_seq::text as last from event_streams where user_id = $1',
);
const PRUNE = sql<[Date]>('delete from events where created_at < $1');

interface Entry {
  readonly userId: string;
  readonly type: string;
  readonly data: unknown;
  readonly at: Date;
}

/**
 * Replayable frames per member. An entry holds its rendered frame (`data`),
 * or, written by a message's outbox (`MessageWriter`), a reference to the
 * message or the notification, read again when replayed (ADR 0009). Ids are the member's own sequence
 * (`event_streams.last_seq`, bumped in the same statement that stores the
 * frames): the row lock on the member's counter orders concurrent appends,
 * so a frame with a higher id is never committed before one with a lower id.
 * Counters are taken in user-id order, so appends for overlapping members
 * cannot deadlock.
 */
export class SqlEventLog implements EventLog {
  private readonly db: Database;

  /** `users` shows the members a replayed notification names. */
  constructor(
    orm: Orm,
    private readonly users: { findByIds(ids: readonly string[]): Promise<User[]> },
  ) {
    this.db = new Database(orm);
  }

  append(entries: readonly Entry[]): Promise<Delivery[]> {
    if (entries.length === 0) return Promise.resolve([]);
    return this.batch.load(entries);
  }

  /** Frames of concurrent appends go in one statement (each member's counter is bumped once per statement). */
  private readonly batch = new Batcher<readonly Entry[], Delivery[]>(async (groups) => {
    const deliveries = await this.appendNow(groups.flat());
    let at = 0;
    return groups.map((group) => deliveries.slice(at, (at += group.length)).filter((d) => d !== null));
  });

  /** One delivery per entry, in order; null for a member deleted meanwhile. */
  private async appendNow(entries: readonly Entry[]): Promise<(Delivery | null)[]> {
    const input = entries
      .map((e, i) => ({ i, user_id: e.userId, type: e.type, data: e.data, at: e.at.toISOString() }))
      .filter((e) => isUuid(e.user_id));
    const rows = await this.db.rows(APPEND, JSON.stringify(input));
    const deliveries: (Delivery | null)[] = entries.map(() => null);
    for (const { i, seq } of rows) {
      const e = entries[i]!;
      deliveries[i] = {
        userId: e.userId,
        frame: { type: e.type, data: e.data, id: seq, at: e.at.toISOString() },
      };
    }
    return deliveries;
  }

  async after(userId: string, since: string, limit: number): Promise<LoggedFrame[] | null> {
    if (!ID.test(since) || !isUuid(userId)) return null;
    const bounds = await this.db.first(BOUNDS, userId);
    const asked = BigInt(since);
    const last = BigInt(bounds?.last ?? 0);
    if (asked > last) return null; // never given out
    // Pruned: the frame right after `since` is gone although later ones were stored.
    if (asked < last && (bounds?.first == null || asked + 1n < BigInt(bounds.first))) return null;
    // An entry whose message or notice is gone since is left out; the page is filled from later ones.
    const entries: LoggedFrame[] = [];
    let cursor = since;
    for (;;) {
      const wanted = limit - entries.length;
      const rows = await this.db.rows(AFTER, userId, cursor, wanted);
      entries.push(...(await this.present(rows, userId)));
      if (rows.length < wanted || entries.length >= limit) return entries;
      cursor = rows.at(-1)!.id;
    }
  }

  private async present(rows: readonly AfterRow[], userId: string): Promise<LoggedFrame[]> {
    const noticeIds = rows.flatMap((r) => (r.notificationId ? [r.notificationId] : []));
    const notices = noticeIds.length ? await this.db.rows(NOTIFICATIONS, noticeIds) : [];
    const users = notices.length
      ? new Map(
          (
            await this.users.findByIds([
              ...new Set(notices.flatMap((n) => [n.userId, n.actorId ?? n.userId])),
            ])
          ).map((u) => [u.id, u]),
        )
      : new Map<string, User>();
    const noticeById = new Map(notices.map((n) => [n.id, n]));
    return rows.flatMap((r): LoggedFrame[] => {
      const at = parseTimestamp(r.at).toISOString();
      if (r.type !== null) return [{ type: r.type, data: r.data, id: r.id, at }];
      if (r.messageId !== null) {
        const message = {
          id: r.messageId,
          conversationId: r.conversationId,
          senderId: r.senderId,
          sender: { id: r.senderId, username: r.username },
          content: r.content,
          clientMessageId: r.clientMessageId,
          createdAt: parseTimestamp(r.createdAt),
        };
        return [{ id: r.id, at, event: { type: 'message.new', recipients: [userId], message } }];
      }
      const n = r.notificationId ? noticeById.get(r.notificationId) : undefined;
      const recipient = n && users.get(n.userId);
      if (!n || !recipient) return [];
      const notification: Notification = {
        ...n,
        createdAt: parseTimestamp(n.createdAt),
        readAt: n.readAt === null ? null : parseTimestamp(n.readAt),
      };
      const actor = n.actorId === null ? null : (users.get(n.actorId) ?? null);
      return [{ id: r.id, at, event: { type: 'notification', notification, recipient, actor } }];
    });
  }

  async lastId(userId: string): Promise<string | null> {
    if (!isUuid(userId)) return null;
    return (await this.db.first(LAST_ID, userId))?.last ?? null;
  }

  prune(olderThan: Date): Promise<number> {
    return this.db.run(PRUNE, olderThan);
  }
}
