import type { Ports } from '../ports/index.js';
import type { ReportGroup, ReportQueueCursor } from '../ports/moderation-repository.js';
import type { ReportStatus } from '../moderation/reports.js';
import type { User } from '../users/user.js';
import { DEFAULT_HIDE_AFTER_REPORTERS } from '../moderation/reports.js';
import { hiddenNow, loadModerator } from './moderation-access.js';

export interface ReportQueueItem {
  readonly group: ReportGroup;
  readonly user: User;
  readonly hidden: boolean;
}

/** The report queue: members with reports of one status, most distinct reporters first. */
export class ListReportQueue {
  constructor(
    private readonly ports: Pick<Ports, 'users' | 'moderation' | 'clock'>,
    private readonly hideAfterReporters = DEFAULT_HIDE_AFTER_REPORTERS,
  ) {}

  async execute(input: {
    readonly moderatorId: string;
    readonly status: ReportStatus;
    readonly limit: number;
    readonly after: ReportQueueCursor | null;
  }): Promise<{ moderator: User; items: ReportQueueItem[]; next: ReportQueueCursor | null }> {
    const moderator = await loadModerator(this.ports.users, input.moderatorId);
    const page = await this.ports.moderation.reportQueue(
      input.status,
      input.limit,
      input.after,
      this.ports.clock.now(),
    );
    const ids = page.items.map((g) => g.userId);
    const [users, hidden] = await Promise.all([
      this.ports.users.findByIds(ids),
      hiddenNow(this.ports, this.hideAfterReporters, ids),
    ]);
    const byId = new Map(users.map((u) => [u.id, u]));
    const items = page.items.flatMap((group) => {
      const user = byId.get(group.userId);
      return user ? [{ group, user, hidden: hidden.has(user.id) }] : [];
    });
    return { moderator, items, next: page.next };
  }
}
