/** Where a report stands: open until a moderator dismisses it or acts on the member. */
export const REPORT_STATUSES = ['open', 'dismissed', 'actioned'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** Reports count toward hiding for this long. */
export const HIDE_WINDOW_DAYS = 30;
/** Distinct reporters within the window that hide a member (MODERATION_HIDE_AFTER_REPORTERS). */
export const DEFAULT_HIDE_AFTER_REPORTERS = 3;

/** The hiding rule as the discovery queries take it: at least `reporters` counted reports since `since`. */
export interface HidingRule {
  readonly reporters: number;
  readonly since: Date;
}

export function hidingRule(reporters: number, now: Date): HidingRule {
  return { reporters, since: new Date(now.getTime() - HIDE_WINDOW_DAYS * 24 * 3600_000) };
}

/** One report as the rule reads it. */
export interface CountedReport {
  readonly reporterId: string;
  readonly status: ReportStatus;
  readonly createdAt: Date;
  /** The reporter is suspended or banned now: their reports do not count. */
  readonly reporterSuspended: boolean;
}

/**
 * Hidden from suggestions and search: open reports from at least
 * `rule.reporters` distinct members, made within the window, by members who
 * are not themselves suspended. The member is not told.
 */
export function isHiddenByReports(reports: readonly CountedReport[], rule: HidingRule): boolean {
  const reporters = new Set(
    reports
      .filter(
        (r) => r.status === 'open' && !r.reporterSuspended && r.createdAt.getTime() > rule.since.getTime(),
      )
      .map((r) => r.reporterId),
  );
  return reporters.size >= rule.reporters;
}
