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
import { Batcher } from '../batcher.js';
import { parseOptionalTimestamp, parseTimestamp } from '../schemas/timestamps.js';
import { isUuid, onlyUuids } from '../schemas/uuid.js';
import { Database, sql } from '../sql/sql.js';
import { SUSPENDED } from '../sql/moderation-rules.js';

/** Neither blocked the other: `a` and `b` are SQL expressions of user ids. */
const NOT_BLOCKED = (a: string, b: string) =>
  `not exists (select 1 from blocks k where (k.blocker_id = ${a} and k.blocked_id = ${b}) or (k.blocker_id = ${b} and k.blocked_id = ${a}))`;

/** Rows of one list: who (`other`) and when (`at`), for the member `$1`. */
const LIST_ROWS: Record<ListKind, string> = {
  visitors: `select visitor_id as other, visited_at as at from visits where visited_id = $1 and ${NOT_BLOCKED('visitor_id', 'visited_id')}`,
  likers: `select liker_id as other, created_at as at from likes where liked_id = $1 and ${NOT_BLOCKED('liker_id', 'liked_id')}`,
  matches: `select mine.liked_id as other, greatest(mine.created_at, theirs.created_at) as at
              from likes mine join likes theirs on theirs.liker_id = mine.liked_id and theirs.liked_id = mine.liker_id
             where mine.liker_id = $1 and ${NOT_BLOCKED('mine.liker_id', 'mine.liked_id')}`,
  blocked: `select blocked_id as other, created_at as at from blocks where blocker_id = $1`,
};

type ListParams = [userId: string, afterAt: Date | null, afterId: string | null, limit: number];
const LISTS = Object.fromEntries(
  Object.entries(LIST_ROWS).map(([kind, rows]) => [
    kind,
    sql<ListParams, { other: string; at: string | Date }>(
      // Suspended and banned members leave every list but one's own blocks, as a block hides.
      `select other, at from (${rows}) rows
        where ($2::timestamptz is null or (at, other) < ($2::timestamptz, $3::uuid))
          ${kind === 'blocked' ? '' : `and not exists (select 1 from users o where o.id = rows.other and ${SUSPENDED('o', 'now()')})`}
        order by at desc, other desc
        limit $4`,
    ),
  ]),
) as Record<ListKind, ReturnType<typeof sql<ListParams, { other: string; at: string | Date }>>>;

const RELATIONS_BETWEEN = sql<[string[], string[]], RelationsBetween & { i: number }>(
  `select x.i::int as i,
          exists (select 1 from likes where liker_id = x.me and liked_id = x.them) as "likedByMe",
          exists (select 1 from likes where liker_id = x.them and liked_id = x.me) as "likesMe",
          exists (select 1 from reports where reporter_id = x.me and reported_id = x.them) as "reportedByMe",
          exists (select 1 from blocks where (blocker_id = x.me and blocked_id = x.them)
                                          or (blocker_id = x.them and blocked_id = x.me)) as "blocked",
          exists (select 1 from mutes where user_id = x.me and muted_id = x.them) as "muted",
          exists (select 1 from mutes where user_id = x.them and muted_id = x.me) as "mutedMe"
     from unnest($1::uuid[], $2::uuid[]) with ordinality as x(me, them, i)`,
  { prepare: 'kindred_relations_between' },
);
const LIKE = sql<[string, string, Date]>(
  'insert into likes (liker_id, liked_id, created_at) values ($1, $2, $3) on conflict do nothing',
);
const UNLIKE = sql<[string, string]>('delete from likes where liker_id = $1 and liked_id = $2');
const BLOCK = sql<[string, string, Date]>(
  'insert into blocks (blocker_id, blocked_id, created_at) values ($1, $2, $3) on conflict do nothing',
);
const UNBLOCK = sql<[string, string]>('delete from blocks where blocker_id = $1 and blocked_id = $2');
/** A new report after a moderator's decision on the last one opens the case again. */
const REPORT = sql<[string, string, string | null, Date]>(
  `insert into reports (reporter_id, reported_id, reason, created_at) values ($1, $2, $3, $4)
   on conflict (reporter_id, reported_id) do update
     set reason = excluded.reason, created_at = excluded.created_at, status = 'open', resolved_at = null
     where reports.status <> 'open'`,
);
const WITHDRAW_REPORT = sql<[string, string]>(
  'delete from reports where reporter_id = $1 and reported_id = $2',
);
/** One upsert decides, under concurrency too, whether this visit is the one that notifies. */
const VISIT = sql<[string, string, Date, Date], { notifiedAt: string | Date | null }>(
  `insert into visits (visitor_id, visited_id, visited_at, notified_at) values ($1, $2, $3, $3)
   on conflict (visitor_id, visited_id) do update set
     visited_at = excluded.visited_at,
     notified_at = case when visits.notified_at is null or visits.notified_at <= $4::timestamptz then excluded.visited_at
                        else visits.notified_at end
   returning notified_at as "notifiedAt"`,
);
const MUTE = sql<[string, string]>(
  'insert into mutes (user_id, muted_id) values ($1, $2) on conflict do nothing',
);
const UNMUTE = sql<[string, string]>('delete from mutes where user_id = $1 and muted_id = $2');
const COUNTS = sql<[string], SocialCounts>(
  `select (select count(*) from likes where liked_id = $1)::int as "likesReceived",
          (select count(*) from likes l join likes b on b.liker_id = l.liked_id and b.liked_id = l.liker_id where l.liked_id = $1)::int as "matches",
          (select count(*) from visits where visited_id = $1)::int as "visitsReceived",
          -- Dismissed reports were judged unfounded: they no longer lower fame.
          (select count(*) from reports where reported_id = $1 and status <> 'dismissed')::int as "fakeReports"`,
);

export class SqlSocialRepository implements SocialRepository {
  private readonly db: Database;

  constructor(orm: Orm) {
    this.db = new Database(orm);
  }

  between(me: string, them: string): Promise<RelationsBetween> {
    return this.betweenBatch.load([me, them]);
  }

  /** Every profile view, like and message asks it: concurrent asks share one query. */
  private readonly betweenBatch = new Batcher<[string, string], RelationsBetween>(async (pairs) => {
    const NOTHING: RelationsBetween = {
      likedByMe: false,
      likesMe: false,
      reportedByMe: false,
      blocked: false,
      muted: false,
      mutedMe: false,
    };
    const known = pairs
      .map((pair, i) => ({ pair, i }))
      .filter(({ pair }) => isUuid(pair[0]) && isUuid(pair[1]));
    const rows = known.length
      ? await this.db.rows(
          RELATIONS_BETWEEN,
          known.map(({ pair }) => pair[0]),
          known.map(({ pair }) => pair[1]),
        )
      : [];
    const byIndex = new Map(rows.map(({ i, ...relations }) => [known[Number(i) - 1]!.i, relations]));
    return pairs.map((_, i) => byIndex.get(i) ?? NOTHING);
  });

  like(liker: string, liked: string, at: Date) {
    return this.changed([liker, liked], () => this.db.run(LIKE, liker, liked, at));
  }

  unlike(liker: string, liked: string) {
    return this.changed([liker, liked], () => this.db.run(UNLIKE, liker, liked));
  }

  block(blocker: string, blocked: string, at: Date) {
    return this.changed([blocker, blocked], () => this.db.run(BLOCK, blocker, blocked, at));
  }

  unblock(blocker: string, blocked: string) {
    return this.changed([blocker, blocked], () => this.db.run(UNBLOCK, blocker, blocked));
  }

  report(reporter: string, reported: string, reason: string | null, at: Date) {
    return this.changed([reporter, reported], () => this.db.run(REPORT, reporter, reported, reason, at));
  }

  withdrawReport(reporter: string, reported: string) {
    return this.changed([reporter, reported], () => this.db.run(WITHDRAW_REPORT, reporter, reported));
  }

  async visit(visitor: string, visited: string, at: Date, quietMs: number): Promise<boolean> {
    if (!isUuid(visitor) || !isUuid(visited)) return false;
    const row = await this.db.first(VISIT, visitor, visited, at, new Date(at.getTime() - quietMs));
    return parseOptionalTimestamp(row?.notifiedAt ?? null)?.getTime() === at.getTime();
  }

  async setMuted(me: string, them: string, muted: boolean): Promise<void> {
    await this.changed([me, them], () => this.db.run(muted ? MUTE : UNMUTE, me, them));
  }

  async counts(userId: string): Promise<SocialCounts> {
    const none = { likesReceived: 0, matches: 0, visitsReceived: 0, fakeReports: 0 };
    return isUuid(userId) ? ((await this.db.first(COUNTS, userId)) ?? none) : none;
  }

  async list(
    kind: ListKind,
    userId: string,
    limit: number,
    after: PageCursor | null,
  ): Promise<Page<Relation>> {
    if (!isUuid(userId)) return { items: [], next: null };
    const afterId = after && isUuid(after.id) ? after.id : null;
    const rows = await this.db.rows(LISTS[kind], userId, afterId ? after!.at : null, afterId, limit + 1);
    const items = rows.slice(0, limit).map((r) => ({ userId: r.other, at: parseTimestamp(r.at) }));
    const last = items.at(-1);
    return { items, next: rows.length > limit && last ? { at: last.at, id: last.userId } : null };
  }

  /** Runs `write` when both are ids of ours (others change nothing); whether a row changed. */
  private async changed(ids: readonly [string, string], write: () => Promise<number>): Promise<boolean> {
    return ids.every(isUuid) && (await write()) > 0;
  }
}

interface NotificationRow {
  id: string;
  userId: string;
  type: NotificationType;
  actorId: string | null;
  conversationId: string | null;
  createdAt: string | Date;
  readAt: string | Date | null;
}

/** The recipient's, minus those whose actor is blocked either way or suspended (a moderator's have none). */
const VISIBLE = `user_id = $1 and (actor_id is null or (${NOT_BLOCKED('user_id', 'actor_id')}
  and not exists (select 1 from users a where a.id = actor_id and ${SUSPENDED('a', 'now()')})))`;

const ADD_NOTIFICATION = sql<
  [string, string, NotificationType, string | null, string | null, Date, Date | null]
>(
  'insert into notifications (id, user_id, type, actor_id, conversation_id, created_at, read_at) values ($1, $2, $3, $4, $5, $6, $7)',
);
const LIST_NOTIFICATIONS = sql<[string, boolean, Date | null, string | null, number], NotificationRow>(
  `select id, user_id as "userId", type, actor_id as "actorId", conversation_id as "conversationId",
          created_at as "createdAt", read_at as "readAt"
     from notifications
    where ${VISIBLE} and (not $2 or read_at is null)
      and ($3::timestamptz is null or (created_at, id) < ($3::timestamptz, $4::uuid))
    order by created_at desc, id desc
    limit $5`,
);
const UNREAD_NOTIFICATIONS = sql<[string], { count: number }>(
  `select count(*)::int as count from notifications where ${VISIBLE} and read_at is null`,
);
const MARK_READ = {
  ids: sql<[string, Date, string[]]>(
    `update notifications set read_at = $2 where ${VISIBLE} and read_at is null and id = any($3::uuid[])`,
  ),
  upTo: sql<[string, Date, string]>(
    `update notifications set read_at = $2 where ${VISIBLE} and read_at is null
        and (created_at, id) <= (select created_at, id from notifications where id = $3::uuid and user_id = $1)`,
  ),
  all: sql<[string, Date]>(`update notifications set read_at = $2 where ${VISIBLE} and read_at is null`),
};

export class SqlNotificationRepository implements NotificationRepository {
  private readonly db: Database;

  constructor(orm: Orm) {
    this.db = new Database(orm);
  }

  async add(notification: Notification): Promise<void> {
    await this.db.run(
      ADD_NOTIFICATION,
      notification.id,
      notification.userId,
      notification.type,
      notification.actorId,
      notification.conversationId,
      notification.createdAt,
      notification.readAt,
    );
  }

  async list(
    userId: string,
    options: { unreadOnly: boolean; limit: number; after: PageCursor | null },
  ): Promise<Page<Notification>> {
    if (!isUuid(userId)) return { items: [], next: null };
    const after = options.after && isUuid(options.after.id) ? options.after : null;
    const rows = await this.db.rows(
      LIST_NOTIFICATIONS,
      userId,
      options.unreadOnly,
      after?.at ?? null,
      after?.id ?? null,
      options.limit + 1,
    );
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
  }

  async unreadCount(userId: string): Promise<number> {
    if (!isUuid(userId)) return 0;
    return (await this.db.first(UNREAD_NOTIFICATIONS, userId))?.count ?? 0;
  }

  markRead(userId: string, which: { ids?: readonly string[]; upTo?: string }, at: Date): Promise<number> {
    if (!isUuid(userId)) return Promise.resolve(0);
    if (which.ids) return this.db.run(MARK_READ.ids, userId, at, onlyUuids(which.ids));
    if (which.upTo !== undefined)
      return isUuid(which.upTo) ? this.db.run(MARK_READ.upTo, userId, at, which.upTo) : Promise.resolve(0);
    return this.db.run(MARK_READ.all, userId, at);
  }
}
