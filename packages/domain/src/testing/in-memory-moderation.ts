import type { AuditEntry } from '../moderation/audit.js';
import type { HidingRule, ReportStatus } from '../moderation/reports.js';
import { isHiddenByReports } from '../moderation/reports.js';
import { isSuspended } from '../moderation/suspension.js';
import type { ModerationRepository, ReportGroup, ReportQueueCursor } from '../ports/moderation-repository.js';
import type { Page, PageCursor } from '../ports/social-repository.js';
import type { InMemorySocialRepository } from './in-memory-social.js';
import type { InMemoryUserRepository } from './in-memory-user-repository.js';

/** The queue and the hiding rule read from the in-memory reports; the trail in a list. */
export class InMemoryModerationRepository implements ModerationRepository {
  readonly entries: AuditEntry[] = [];

  constructor(
    private readonly users: InMemoryUserRepository,
    private readonly social: InMemorySocialRepository,
  ) {}

  async reportQueue(
    status: ReportStatus,
    limit: number,
    after: ReportQueueCursor | null,
    now: Date,
  ): Promise<{ items: ReportGroup[]; next: ReportQueueCursor | null }> {
    const groups = new Map<string, ReportGroup & { reports: ReportGroup['reports'][number][] }>();
    for (const [key, report] of this.social.reports) {
      if (report.status !== status) continue;
      const [reporterId, reportedId] = key.split('|') as [string, string];
      const reporter = await this.users.findById(reporterId);
      if (!reporter) continue;
      const group = groups.get(reportedId) ?? {
        userId: reportedId,
        distinctReporters: 0,
        lastReportedAt: report.at,
        reports: [],
      };
      group.reports.push({
        id: report.id,
        reporter: { id: reporter.id, username: reporter.username },
        reason: report.reason,
        createdAt: report.at,
        status: report.status,
      });
      groups.set(reportedId, {
        ...group,
        distinctReporters: group.distinctReporters + (isSuspended(reporter, now) ? 0 : 1),
        lastReportedAt: report.at > group.lastReportedAt ? report.at : group.lastReportedAt,
      });
    }
    const sorted = [...groups.values()]
      .map((g) => ({
        ...g,
        reports: g.reports.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()),
      }))
      .sort(compareGroups);
    const rest = after ? sorted.filter((g) => compareGroups(g, after) > 0) : sorted;
    const items = rest.slice(0, limit);
    const last = items.at(-1);
    return { items, next: rest.length > limit && last ? cursorOf(last) : null };
  }

  async resolveReports(reportedId: string, to: 'dismissed' | 'actioned'): Promise<number> {
    let changed = 0;
    for (const [key, report] of this.social.reports)
      if (key.endsWith(`|${reportedId}`) && report.status === 'open') {
        report.status = to;
        changed += 1;
      }
    return changed;
  }

  async hiddenAmong(userIds: readonly string[], rule: HidingRule, now: Date): Promise<Set<string>> {
    const hidden = new Set<string>();
    for (const userId of userIds) {
      const reports = [];
      for (const [key, report] of this.social.reports) {
        const [reporterId, reportedId] = key.split('|') as [string, string];
        if (reportedId !== userId) continue;
        const reporter = await this.users.findById(reporterId);
        reports.push({
          reporterId,
          status: report.status,
          createdAt: report.at,
          reporterSuspended: reporter ? isSuspended(reporter, now) : true,
        });
      }
      if (isHiddenByReports(reports, rule)) hidden.add(userId);
    }
    return hidden;
  }

  async record(entry: AuditEntry): Promise<void> {
    this.entries.push(entry);
  }

  async audit(limit: number, after: PageCursor | null): Promise<Page<AuditEntry>> {
    const sorted = [...this.entries].sort(
      (a, b) => b.at.getTime() - a.at.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
    );
    const rest = after
      ? sorted.filter(
          (e) =>
            e.at.getTime() < after.at.getTime() || (e.at.getTime() === after.at.getTime() && e.id < after.id),
        )
      : sorted;
    const items = rest.slice(0, limit);
    const last = items.at(-1);
    return { items, next: rest.length > limit && last ? { at: last.at, id: last.id } : null };
  }
}

/** Queue order: most distinct reporters, then the latest report, then the member id. */
export function compareGroups(a: ReportQueueCursor, b: ReportQueueCursor): number {
  return (
    b.distinctReporters - a.distinctReporters ||
    b.lastReportedAt.getTime() - a.lastReportedAt.getTime() ||
    (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0)
  );
}

const cursorOf = (g: ReportGroup): ReportQueueCursor => ({
  distinctReporters: g.distinctReporters,
  lastReportedAt: g.lastReportedAt,
  userId: g.userId,
});
