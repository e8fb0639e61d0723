import type { Ports } from '../ports/index.js';
import type { User } from '../users/user.js';
import { DEFAULT_HIDE_AFTER_REPORTERS } from '../moderation/reports.js';
import { checkReason, hiddenNow, moderatorAndTarget, throwIfAny } from './moderation-access.js';

type SuspendPorts = Pick<Ports, 'users' | 'moderation' | 'sessions' | 'outbox' | 'clock' | 'ids'>;

/**
 * Suspends a member until an instant, or bans them (`until` null): their
 * open reports become `actioned`, every session ends on every node (the
 * sockets close with 4401 through the revocation path), they vanish for
 * everyone as a block hides, login answers ACCOUNT_SUSPENDED, and a mail
 * tells them until when. Nothing has to run when a suspension ends.
 */
export class SuspendMember {
  constructor(
    private readonly ports: SuspendPorts,
    private readonly hideAfterReporters = DEFAULT_HIDE_AFTER_REPORTERS,
  ) {}

  async execute(input: {
    readonly moderatorId: string;
    readonly userId: string;
    readonly until: Date | null;
    readonly reason: string;
  }): Promise<{ moderator: User; user: User; hidden: boolean }> {
    const now = this.ports.clock.now();
    const problems = checkReason(input.reason);
    if (input.until !== null && input.until.getTime() <= now.getTime())
      problems.unshift({
        path: '/until',
        code: 'NOT_IN_FUTURE',
        message: 'An instant in the future, or null for a ban',
      });
    throwIfAny(problems);
    const { moderator, target } = await moderatorAndTarget(this.ports.users, input.moderatorId, input.userId);
    const reason = input.reason.trim();
    const updated: User = {
      ...target,
      banned: input.until === null,
      suspendedUntil: input.until,
      updatedAt: now,
    };
    await this.ports.users.update(updated, target);
    await this.ports.sessions.revokeAllOf(target.id, now);
    await this.ports.moderation.resolveReports(target.id, 'actioned', now);
    await this.ports.moderation.record({
      id: this.ports.ids.next(),
      moderator: { id: moderator.id, username: moderator.username },
      action: input.until === null ? 'ban' : 'suspend',
      target: { id: target.id, username: target.username },
      reason,
      until: input.until,
      at: now,
    });
    await this.ports.outbox.enqueue({
      kind: 'mail',
      mail: {
        kind: 'account-suspended',
        to: target.email,
        firstName: target.firstName,
        until: input.until?.toISOString() ?? null,
        reason,
      },
    });
    const hidden = (await hiddenNow(this.ports, this.hideAfterReporters, [target.id])).has(target.id);
    return { moderator, user: updated, hidden };
  }
}
