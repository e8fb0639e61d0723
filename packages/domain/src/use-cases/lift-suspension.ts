import type { Ports } from '../ports/index.js';
import type { User } from '../users/user.js';
import { DEFAULT_HIDE_AFTER_REPORTERS } from '../moderation/reports.js';
import { isSuspended } from '../moderation/suspension.js';
import { hiddenNow, moderatorAndTarget } from './moderation-access.js';

/** Ends a suspension or a ban early: the member is active again, everywhere. */
export class LiftSuspension {
  constructor(
    private readonly ports: Pick<Ports, 'users' | 'moderation' | 'clock' | 'ids'>,
    private readonly hideAfterReporters = DEFAULT_HIDE_AFTER_REPORTERS,
  ) {}

  async execute(input: {
    readonly moderatorId: string;
    readonly userId: string;
  }): Promise<{ moderator: User; user: User; hidden: boolean }> {
    const { moderator, target } = await moderatorAndTarget(this.ports.users, input.moderatorId, input.userId);
    const now = this.ports.clock.now();
    let user = target;
    if (target.banned || target.suspendedUntil !== null) {
      user = { ...target, banned: false, suspendedUntil: null, updatedAt: now };
      await this.ports.users.update(user, target);
      // Only a suspension still in force is lifted in the trail; clearing an expired one is housekeeping.
      if (isSuspended(target, now))
        await this.ports.moderation.record({
          id: this.ports.ids.next(),
          moderator: { id: moderator.id, username: moderator.username },
          action: 'lift',
          target: { id: target.id, username: target.username },
          reason: null,
          until: null,
          at: now,
        });
    }
    const hidden = (await hiddenNow(this.ports, this.hideAfterReporters, [user.id])).has(user.id);
    return { moderator, user, hidden };
  }
}
