import type {
  ListKind,
  Notification,
  NotificationRepository,
  NotificationType,
  Page,
  PageCursor,
  Relation,
  RelationsBetween,
  SocialCounts,
  SocialRepository,
} from '@kindred/domain';
import type { Orm } from '../orm.js';
import { translating } from '../database-errors.js';
import { preparedRows } from '../prepared-query.js';
import { Batcher } from '../batcher.js';
import { parseOptionalTimestamp, parseTimestamp } from '../schemas/select-columns.js';
import { isUuid, uuidArray } from '../schemas/uuid.js';

/** Neither blocked the other: `a` and `b` are SQL expressions of user ids. */
const NOT_BLOCKED = (a: string, b: string) =>
  `not exists (select 1 from blocks k where (k.blocker_id = ${a} and k.blocked_id = ${b}) or (k.blocker_id = ${b} and k.blocked_id = ${a}))`;

/** Rows of one list: who (`other`) and when (`at`), for the member `$1`. */
const LISTS: Record<ListKind, string> = {
  visitors: `select visitor_id as other, visited_at as at from visits where visited_id = ? and ${NOT_BLOCKED('visitor_id', 'visited_id')}`,
  likers: `select liker_id as other, created_at as at from likes where liked_id = ? and ${NOT_BLOCKED('liker_id', 'liked_id')}`,
  matches: `select mine.liked_id as other, greatest(mine.created_at, theirs.created_at) as at
              from likes mine join likes theirs on theirs.liker_id = mine.liked_id and theirs.liked_id = mine.liker_id
             where mine.liker_id = ? and ${NOT_BLOCKED('mine.liker_id', 'mine.liked_id')}`,
  blocked: `select blocked_id as other, created_at as at from blocks where blocker_id = ?`,
};

export class SqlSocialRepository implements SocialRepository {
  constructor(private readonly orm: Orm) {}

  between(me: string, them: string): Promise<RelationsBetween> {
    return this.betweenBatch.load([me, them]);
  }

  /** Every profile view, like and message asks it: concurrent asks share one query. */
  private readonly betweenBatch = new Batcher<[string, string], RelationsBetween>(async (pairs) => {
    const rows = await translating(() =>
      preparedRows<RelationsBetween & { i: number }>(
        this.orm,
        'kindred_relations_between',
        `select x.i::int as i,
                exists (select 1 from likes where liker_id = x.me and liked_id = x.them) as "likedByMe",
                exists (select 1 from likes where liker_id = x.them and liked_id = x.me) as "likesMe",
                exists (select 1 from reports where reporter_id = x.me and reported_id = x.them) as "reportedByMe",
                exists (select 1 from blocks where (blocker_id = x.me and blocked_id = x.them)
                                                or (blocker_id = x.them and blocked_id = x.me)) as "blocked",
                exists (select 1 from mutes where user_id = x.me and muted_id = x.them) as "muted",
                exists (select 1 from mutes where user_id = x.them and muted_id = x.me) as "mutedMe"
           from unnest($1::uuid[], $2::uuid[]) with ordinality as x(me, them, i)`,
        [uuidArray(pairs.map((p) => p[0])), uuidArray(pairs.map((p) => p[1]))],
      ),
    );
    const byIndex = new Map(rows.map(({ i, ...relations }) => [Number(i) - 1, relations]));
    return pairs.map((_, i) => byIndex.get(i)!);
  });

  like(liker: string, liked: string, at: Date) {
    return this.changed(
      'insert into likes (liker_id, liked_id, created_at) values (?, ?, ?) on conflict do nothing',
      [liker, liked, at],
    );
  }

  unlike(liker: string, liked: string) {
    return this.changed('delete from likes where liker_id = ? and liked_id = ?', [liker, liked]);
  }

  block(blocker: string, blocked: string, at: Date) {
    return this.changed(
      'insert into blocks (blocker_id, blocked_id, created_at) values (?, ?, ?) on conflict do nothing',
      [blocker, blocked, at],
    );
  }

  unblock(blocker: string, blocked: string) {
    return this.changed('delete from blocks where blocker_id = ? and blocked_id = ?', [blocker, blocked]);
  }

  report(reporter: string, reported: string, reason: string | null, at: Date) {
    return this.changed(
      'insert into reports (reporter_id, reported_id, reason, created_at) values (?, ?, ?, ?) on conflict do nothing',
      [reporter, reported, reason, at],
    );
  }

  withdrawReport(reporter: string, reported: string) {
    return this.changed('delete from reports where reporter_id = ? and reported_id = ?', [
      reporter,
      reported,
    ]);
  }

  async visit(visitor: string, visited: string, at: Date, quietMs: number): Promise<boolean> {
    // One upsert decides, under concurrency too, whether this visit is the one that notifies.
    const row = await this.one(
      `insert into visits (visitor_id, visited_id, visited_at, notified_at) values (?, ?, ?, ?)
       on conflict (visitor_id, visited_id) do update set
         visited_at = excluded.visited_at,
         notified_at = case when visits.notified_at is null or visits.notified_at <= ?::timestamptz then excluded.visited_at
                            else visits.notified_at end
       returning notified_at as "notifiedAt"`,
      [visitor, visited, at, at, new Date(at.getTime() - quietMs)],
    );
    return parseOptionalTimestamp(row.notifiedAt as string | null)?.getTime() === at.getTime();
  }

  async setMuted(me: string, them: string, muted: boolean): Promise<void> {
    await this.changed(
      muted
        ? 'insert into mutes (user_id, muted_id) values (?, ?) on conflict do nothing'
        : 'delete from mutes where user_id = ? and muted_id = ?',
      [me, them],
    );
  }

  async counts(userId: string): Promise<SocialCounts> {
    const row = await this.one(
      `select (select count(*) from likes where liked_id = ?)::int as "likesReceived",
              (select count(*) from likes l join likes b on b.liker_id = l.liked_id and b.liked_id = l.liker_id where l.liked_id = ?)::int as "matches",
              (select count(*) from visits where visited_id = ?)::int as "visitsReceived",
              (select count(*) from reports where reported_id = ?)::int as "fakeReports"`,
      [userId, userId, userId, userId],
    );
    return row as unknown as SocialCounts;
  }

  list(kind: ListKind, userId: string, limit: number, after: PageCursor | null): Promise<Page<Relation>> {
    return translating(async () => {
      const rows = (await this.orm.em.getConnection().execute(
        `select other, at from (${LISTS[kind]}) rows
          where ?::timestamptz is null or (at, other) < (?::timestamptz, ?::uuid)
          order by at desc, other desc
          limit ?`,
        [userId, after?.at ?? null, after?.at ?? null, after?.id ?? null, limit + 1],
      )) as { other: string; at: string | Date }[];
      const items = rows.slice(0, limit).map((r) => ({ userId: r.other, at: parseTimestamp(r.at) }));
      const last = items.at(-1);
      return { items, next: rows.length > limit && last ? { at: last.at, id: last.userId } : null };
    });
  }

  private one(sql: string, params: unknown[]): Promise<Record<string, unknown>> {
    return translating(
      async () => ((await this.orm.em.getConnection().execute(sql, params)) as Record<string, unknown>[])[0]!,
    );
  }

  private changed(sql: string, params: unknown[]): Promise<boolean> {
    return translating(async () => {
      const result = await this.orm.em.getConnection().execute<{ affectedRows: number }>(sql, params, 'run');
      return result.affectedRows > 0;
    });
  }
}

interface NotificationRow {
  id: string;
  userId: string;
  type: NotificationType;
  actorId: string;
  conversationId: string | null;
  createdAt: string | Date;
  readAt: string | Date | null;
}

const VISIBLE = `user_id = ? and ${NOT_BLOCKED('user_id', 'actor_id')}`;

export class SqlNotificationRepository implements NotificationRepository {
  constructor(private readonly orm: Orm) {}

  add(notification: Notification): Promise<void> {
    return translating(async () => {
      await this.orm.em
        .getConnection()
        .execute(
          'insert into notifications (id, user_id, type, actor_id, conversation_id, created_at, read_at) values (?, ?, ?, ?, ?, ?, ?)',
          [
            notification.id,
            notification.userId,
            notification.type,
            notification.actorId,
            notification.conversationId,
            notification.createdAt,
            notification.readAt,
          ],
        );
    });
  }

  addMessageNotice(notification: Notification): Promise<boolean> {
    return this.noticeBatch.load(notification);
  }

  /** Asked for every message and recipient: concurrent notices go in one statement. */
  private readonly noticeBatch = new Batcher<Notification, boolean>(async (notices) => {
    const rows = await translating(() =>
      preparedRows<{ id: string }>(
        this.orm,
        'kindred_add_message_notices',
        `insert into notifications (id, user_id, type, actor_id, conversation_id, created_at, read_at)
         select id, user_id, 'message', actor_id, conversation_id, created_at, null
           from jsonb_to_recordset($1::jsonb) as x(i int, id uuid, user_id uuid, actor_id uuid, conversation_id uuid, created_at timestamptz)
          where exists (select 1 from users where users.id = x.user_id) and exists (select 1 from users where users.id = x.actor_id)
          -- In key order: two batches inserting overlapping keys wait for each other instead of deadlocking.
          order by user_id, conversation_id
         on conflict (user_id, conversation_id) where type = 'message' and read_at is null do nothing
         returning id::text as id`,
        [
          JSON.stringify(
            notices.map((n, i) => ({
              i,
              id: n.id,
              user_id: n.userId,
              actor_id: n.actorId,
              conversation_id: n.conversationId,
              created_at: n.createdAt.toISOString(),
            })),
          ),
        ],
      ),
    );
    const added = new Set(rows.map((r) => r.id));
    return notices.map((n) => added.has(n.id));
  });

  list(
    userId: string,
    options: { unreadOnly: boolean; limit: number; after: PageCursor | null },
  ): Promise<Page<Notification>> {
    return translating(async () => {
      const rows = (await this.orm.em.getConnection().execute(
        `select id, user_id as "userId", type, actor_id as "actorId", conversation_id as "conversationId",
                created_at as "createdAt", read_at as "readAt"
           from notifications
          where ${VISIBLE} and (not ? or read_at is null)
            and (?::timestamptz is null or (created_at, id) < (?::timestamptz, ?::uuid))
          order by created_at desc, id desc
          limit ?`,
        [
          userId,
          options.unreadOnly,
          options.after?.at ?? null,
          options.after?.at ?? null,
          options.after?.id ?? null,
          options.limit + 1,
        ],
      )) as NotificationRow[];
      const items = rows.slice(0, options.limit).map((r) => ({
        ...r,
        createdAt: parseTimestamp(r.createdAt),
        readAt: parseOptionalTimestamp(r.readAt),
      }));
      const last = items.at(-1);
      return {
        items,
        next: rows.length > options.limit && last ? { at: last.createdAt, id: last.id } : null,
      };
    });
  }

  unreadCount(userId: string): Promise<number> {
    return translating(async () => {
      const rows = (await this.orm.em
        .getConnection()
        .execute(`select count(*)::int as count from notifications where ${VISIBLE} and read_at is null`, [
          userId,
        ])) as { count: number }[];
      return Number(rows[0]?.count ?? 0);
    });
  }

  markRead(userId: string, which: { ids?: readonly string[]; upTo?: string }, at: Date): Promise<number> {
    if (which.upTo !== undefined && !isUuid(which.upTo)) return Promise.resolve(0);
    if (which.ids) which = { ids: which.ids.filter(isUuid) };
    return translating(async () => {
      const [filter, params] = which.ids
        ? ['id = any(?::uuid[])', [uuidArray(which.ids)]]
        : which.upTo !== undefined
          ? [
              `(created_at, id) <= (select created_at, id from notifications where id = ?::uuid and user_id = ?)`,
              [which.upTo, userId],
            ]
          : ['true', []];
      const result = await this.orm.em
        .getConnection()
        .execute<{ affectedRows: number }>(
          `update notifications set read_at = ? where ${VISIBLE} and read_at is null and ${filter}`,
          [at, userId, ...params],
          'run',
        );
      return result.affectedRows;
    });
  }
}
