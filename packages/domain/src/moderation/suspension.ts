import type { User } from '../users/user.js';
import { DomainError } from '../errors.js';

export type ModerationStatus = 'active' | 'suspended' | 'banned';

/**
 * Where a member stands at `now`. A suspension ends by itself when `until`
 * passes: nothing has to run for that, the rule reads the time.
 */
export function moderationStatus(user: Pick<User, 'banned' | 'suspendedUntil'>, now: Date): ModerationStatus {
  if (user.banned) return 'banned';
  if (user.suspendedUntil !== null && user.suspendedUntil.getTime() > now.getTime()) return 'suspended';
  return 'active';
}

/** Suspended or banned at `now`: hidden from everyone, unable to log in. */
export function isSuspended(user: Pick<User, 'banned' | 'suspendedUntil'>, now: Date): boolean {
  return moderationStatus(user, now) !== 'active';
}

/** The end of a suspension in force (null for a ban). */
export function suspensionEnd(user: Pick<User, 'banned' | 'suspendedUntil'>): Date | null {
  return user.banned ? null : user.suspendedUntil;
}

/** 403 ACCOUNT_SUSPENDED: the problem document carries `until` (null for a ban). */
export class AccountSuspendedError extends DomainError {
  constructor(readonly until: Date | null) {
    super(
      'ACCOUNT_SUSPENDED',
      until === null ? 'This account is banned' : `This account is suspended until ${until.toISOString()}`,
    );
  }
}

/** Throws ACCOUNT_SUSPENDED when the member is suspended or banned at `now`. */
export function checkNotSuspended(user: Pick<User, 'banned' | 'suspendedUntil'>, now: Date): void {
  if (isSuspended(user, now)) throw new AccountSuspendedError(suspensionEnd(user));
}
