import type { Ports } from '../ports/index.js';
import type { User } from '../users/user.js';
import type { FieldError } from '../errors.js';
import { ValidationError, errors } from '../errors.js';
import { checkMayActOn, checkMayModerate } from '../moderation/roles.js';
import { hidingRule } from '../moderation/reports.js';
import { MODERATION_REASON_MAX_LENGTH } from '../moderation/audit.js';
import { checkFreeText } from '../users/profile-rules.js';
import { loadSelf } from './get-me.js';

/** The signed-in moderator (NOT_ALLOWED for anyone else); the role is read now, not from the token. */
export async function loadModerator(users: Ports['users'], moderatorId: string): Promise<User> {
  const moderator = await loadSelf(users, moderatorId);
  checkMayModerate(moderator);
  return moderator;
}

/** The moderator and the member they act on, when the rules let them (USER_NOT_FOUND, NOT_ALLOWED). */
export async function moderatorAndTarget(
  users: Ports['users'],
  moderatorId: string,
  targetId: string,
): Promise<{ moderator: User; target: User }> {
  const moderator = await loadModerator(users, moderatorId);
  const target = await users.findById(targetId);
  if (!target) throw errors.userNotFound();
  checkMayActOn(moderator, target);
  return { moderator, target };
}

/** A moderator's reason: 1–500 characters of one paragraph or more. */
export function checkReason(reason: string, path = '/reason'): FieldError[] {
  if (reason.trim() === '') return [{ path, code: 'REQUIRED', message: 'Say why' }];
  return checkFreeText(reason, 'multiline', MODERATION_REASON_MAX_LENGTH, path);
}

export function throwIfAny(problems: readonly FieldError[]): void {
  if (problems.length > 0) throw new ValidationError(problems);
}

/** Whether the hiding rule hides each of these members now. */
export async function hiddenNow(
  ports: Pick<Ports, 'moderation' | 'clock'>,
  hideAfterReporters: number,
  userIds: readonly string[],
): Promise<Set<string>> {
  const now = ports.clock.now();
  return ports.moderation.hiddenAmong(userIds, hidingRule(hideAfterReporters, now), now);
}
