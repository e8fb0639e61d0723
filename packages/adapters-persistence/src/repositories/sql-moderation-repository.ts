import type {
  AuditEntry,
  HidingRule,
  ModerationAction,
  ModerationRepository,
  Page,
  PageCursor,
  ReportGroup,
  ReportQueueCursor,
  ReportStatus,
} from '@kindred/domain';
import type { Orm } from '../orm.js';
import { parseOptionalTimestamp, parseTimestamp } from '../schemas/timestamps.js';
import { isUuid, onlyUuids } from '../schemas/uuid.js';
import { Database, sql } from '../sql/sql.js';
import { HIDDEN_BY_REPORTS, SUSPENDED } from '../sql/moderation-rules.js';

type Stamp = string | Date;

/** Members with reports of a status, in queue order, after a cursor. */
const QUEUE = sql<
  [ReportStatus, Date, number | null, Date | null, string | null, number],
  {
    userId: string;
    distinctReporters: number;
    lastReportedAt: Stamp;
    reports: {
      id: string;
      reporterId: string;
      reporterUsername: string;
      reason: string | null;
      createdAt: string;
      status: ReportStatus;
    }[];
  }
>(
  `with groups as (
     select r.reported_id as user_id,
            count(*) filter (where not ${SUSPENDED('ru', '$2::timestamptz')})::int as distinct_reporters,
            max(r.created_at) as last_reported_at,
            json_agg(json_build_object('id', r.id, 'reporterId', ru.id, 'reporterUsername', ru.username,
                                       'reason', r.reason, 'createdAt', r.created_at, 'status', r.status)
                     order by r.created_at desc, r.id desc) as reports
       from reports r join users ru on ru.id = r.reporter_id
      where r.status = $1
      group by r.reported_id)
   select user_id as "userId", distinct_reporters as "distinctReporters", last_reported_at as "lastReportedAt", reports
     from groups
    where $3::int is null
       or distinct_reporters < $3::int
       or (distinct_reporters = $3::int and (last_reported_at < $4::timestamptz
           or (last_reported_at = $4::timestamptz and user_id > $5::uuid)))
    order by distinct_reporters desc, last_reported_at desc, user_id
    limit $6`,
);
const RESOLVE = sql<[string, ReportStatus, Date]>(
  `update reports set status = $2, resolved_at = $3 where reported_id = $1 and status = 'open'`,
);
const HIDDEN_AMONG = sql<[string[], Date, number, Date], { id: string }>(
  `select h.reported_id as id from (${HIDDEN_BY_REPORTS('$2::timestamptz', '$3::int', '$4::timestamptz')}) h
    where h.reported_id = any($1::uuid[])`,
);
const RECORD = sql<
  [string, string, string, ModerationAction, string, string, string | null, Date | null, Date]
>(
  `insert into moderation_audit (id, moderator_id, moderator_username, action, target_id, target_username, reason, until, at)
   values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
);
const AUDIT = sql<
  [Date | null, string | null, number],
  {
    id: string;
    moderatorId: string;
    moderatorUsername: string;
    action: ModerationAction;
    targetId: string;
    targetUsername: string;
    reason: string | null;
    until: Stamp | null;
    at: Stamp;
  }
>(
  `select id, moderator_id as "moderatorId", moderator_username as "moderatorUsername", action,
          target_id as "targetId", target_username as "targetUsername", reason, until, at
     from moderation_audit
    where $1::timestamptz is null or (at, id) < ($1::timestamptz, $2::uuid)
    order by at desc, id desc
    limit $3`,
);

/** The report queue, the hiding rule and the audit trail in PostgreSQL. */
export class SqlModerationRepository implements ModerationRepository {
  private readonly db: Database;

  constructor(orm: Orm) {
    this.db = new Database(orm);
  }

  async reportQueue(
    status: ReportStatus,
    limit: number,
    after: ReportQueueCursor | null,
    now: Date,
  ): Promise<{ items: ReportGroup[]; next: ReportQueueCursor | null }> {
    const cursor = after && isUuid(after.userId) ? after : null;
    const rows = await this.db.rows(
      QUEUE,
      status,
      now,
      cursor?.distinctReporters ?? null,
      cursor?.lastReportedAt ?? null,
      cursor?.userId ?? null,
      limit + 1,
    );
    const items: ReportGroup[] = rows.slice(0, limit).map((row) => ({
      userId: row.userId,
      distinctReporters: row.distinctReporters,
      lastReportedAt: parseTimestamp(row.lastReportedAt),
      reports: row.reports.map((r) => ({
        id: r.id,
        reporter: { id: r.reporterId, username: r.reporterUsername },
        reason: r.reason,
        createdAt: parseTimestamp(r.createdAt),
        status: r.status,
      })),
    }));
    const last = items.at(-1);
    return {
      items,
      next:
        rows.length > limit && last
          ? {
              distinctReporters: last.distinctReporters,
              lastReportedAt: last.lastReportedAt,
              userId: last.userId,
            }
          : null,
    };
  }

  resolveReports(reportedId: string, to: 'dismissed' | 'actioned', at: Date): Promise<number> {
    return isUuid(reportedId) ? this.db.run(RESOLVE, reportedId, to, at) : Promise.resolve(0);
  }

  async hiddenAmong(userIds: readonly string[], rule: HidingRule, now: Date): Promise<Set<string>> {
    const ids = onlyUuids(userIds);
    if (ids.length === 0) return new Set();
    const rows = await this.db.rows(HIDDEN_AMONG, ids, rule.since, rule.reporters, now);
    return new Set(rows.map((r) => r.id));
  }

  async record(entry: AuditEntry): Promise<void> {
    await this.db.run(
      RECORD,
      entry.id,
      entry.moderator.id,
      entry.moderator.username,
      entry.action,
      entry.target.id,
      entry.target.username,
      entry.reason,
      entry.until,
      entry.at,
    );
  }

  async audit(limit: number, after: PageCursor | null): Promise<Page<AuditEntry>> {
    const cursor = after && isUuid(after.id) ? after : null;
    const rows = await this.db.rows(AUDIT, cursor?.at ?? null, cursor?.id ?? null, limit + 1);
    const items: AuditEntry[] = rows.slice(0, limit).map((r) => ({
      id: r.id,
      moderator: { id: r.moderatorId, username: r.moderatorUsername },
      action: r.action,
      target: { id: r.targetId, username: r.targetUsername },
      reason: r.reason,
      until: parseOptionalTimestamp(r.until),
      at: parseTimestamp(r.at),
    }));
    const last = items.at(-1);
    return { items, next: rows.length > limit && last ? { at: last.at, id: last.id } : null };
  }
}
