import type { Ports } from '../ports/index.js';
import { refreshFameOf } from '../matching/refresh-fame.js';
import { reportReason } from '../social/report-reason.js';
import { cannotTargetSelf, refersTo, resolveOther } from '../social/resolve-user.js';
import { loadSelf } from './get-me.js';

export class ReportUser {
  constructor(
    private readonly ports: Pick<Ports, 'users' | 'social' | 'notifications' | 'events' | 'clock' | 'ids'>,
  ) {}

  async execute(input: {
    readonly viewerId: string;
    readonly ref: string;
    readonly reported: boolean;
    readonly reason?: string | null | undefined;
  }): Promise<{ reported: boolean }> {
    const reason = reportReason(input.reason);
    const viewer = await loadSelf(this.ports.users, input.viewerId);
    if (refersTo(viewer, input.ref)) throw cannotTargetSelf();
    const { target } = await resolveOther(this.ports, viewer, input.ref, { acrossBlocks: true });
    const changed = input.reported
      ? await this.ports.social.report(viewer.id, target.id, reason, this.ports.clock.now())
      : await this.ports.social.withdrawReport(viewer.id, target.id);
    if (changed) await refreshFameOf(this.ports, target.id);
    return { reported: input.reported };
  }
}
