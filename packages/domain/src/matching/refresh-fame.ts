import type { Ports } from '../ports/index.js';
import type { SocialCounts } from '../ports/social-repository.js';
import type { User } from '../users/user.js';
import { completenessShare, fameRating } from './fame-rating.js';

/** The user with fame recomputed from their social counts and profile. */
export function withFame(user: User, counts: SocialCounts): User {
  const fame = fameRating({ ...counts, completeness: completenessShare(user) });
  return fame === user.fameRating ? user : { ...user, fameRating: fame };
}

/** Recomputes fame after a change of the user's profile (not saved). */
export async function withFreshFame(ports: Pick<Ports, 'social'>, user: User): Promise<User> {
  return withFame(user, await ports.social.counts(user.id));
}

/** Recomputes and saves the fame of a member others just liked, matched, visited or reported. */
export async function refreshFameOf(ports: Pick<Ports, 'social' | 'users'>, userId: string): Promise<void> {
  const user = await ports.users.findById(userId);
  if (!user) return;
  const updated = await withFreshFame(ports, user);
  if (updated !== user) await ports.users.update(updated, user);
}
