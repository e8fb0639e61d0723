import type { User } from '../users/user.js';
import { completenessShare, fameRating } from './fame-rating.js';

/**
 * The user with fame recomputed after a change of their profile. Likes,
 * matches, visits and fake reports are not recorded yet (they arrive with the
 * social features), so for now fame reflects the profile's completeness only.
 */
export function withFreshFame(user: User): User {
  const fame = fameRating({
    likesReceived: 0,
    matches: 0,
    visitsReceived: 0,
    fakeReports: 0,
    completeness: completenessShare(user),
  });
  return fame === user.fameRating ? user : { ...user, fameRating: fame };
}
