import type { AuditEntry } from '../moderation/audit.js';
import type { HidingRule, ReportStatus } from '../moderation/reports.js';
import type { Page, PageCursor } from './social-repository.js';

export interface ReportEntry {
  readonly id: string;
  readonly reporter: { readonly id: string; readonly username: string };
  readonly reason: string | null;
  readonly createdAt: Date;
  readonly status: ReportStatus;
}

/** The reports of one status against one member. */
export interface ReportGroup {
  readonly userId: string;
  /** Reporters counted (not suspended or banned themselves). */
  readonly distinctReporters: number;
  readonly lastReportedAt: Date;
  /** Newest first. */
  readonly reports: readonly ReportEntry[];
}

/** Position in the queue: most distinct reporters first, then most recent, then by member id. */
export interface ReportQueueCursor {
  readonly distinctReporters: number;
  readonly lastReportedAt: Date;
  readonly userId: string;
}

/** The report queue, the hiding rule's reads and the audit trail. */
export interface ModerationRepository {
  /** Members with reports of `status`, in queue order, `limit` at a time. */
  reportQueue(
    status: ReportStatus,
    limit: number,
    after: ReportQueueCursor | null,
    now: Date,
  ): Promise<{ items: ReportGroup[]; next: ReportQueueCursor | null }>;
  /** Turns the member's open reports into `to`; answers how many. */
  resolveReports(reportedId: string, to: 'dismissed' | 'actioned', at: Date): Promise<number>;
  /** Which of these members the hiding rule hides now (`now` decides who is suspended). */
  hiddenAmong(userIds: readonly string[], rule: HidingRule, now: Date): Promise<Set<string>>;
  /** Records an action; entries are never changed. */
  record(entry: AuditEntry): Promise<void>;
  /** Newest first. */
  audit(limit: number, after: PageCursor | null): Promise<Page<AuditEntry>>;
}
