import type { User } from '../users/user.js';

/** What fame is made of. Counts are of distinct members. */
export interface FameInputs {
  readonly likesReceived: number;
  readonly matches: number;
  readonly visitsReceived: number;
  readonly fakeReports: number;
  /** Share of the profile's completeness items that are set, 0–1. */
  readonly completeness: number;
}

/** `x / (x + half)`: 0 at 0, ½ at `half`, approaching 1; each one more counts less. */
const saturate = (x: number, half: number) => Math.max(0, x) / (Math.max(0, x) + half);

const WEIGHTS = { likes: 0.3, matches: 0.25, visits: 0.15, completeness: 0.3 } as const;

/**
 * Fame, 0–10 (two decimals). Likes received weigh most, then matches (a like
 * returned), then a complete profile, then visits; each saturates, so a
 * handful of likes matters and the thousandth barely does. Fake reports
 * divide the whole: 1 / (1 + ½ · reports).
 *
 * Properties (tested): always within 0–10; one more like, match or visit
 * never lowers it; one more fake report never raises it.
 */
export function fameRating(inputs: FameInputs): number {
  const score =
    WEIGHTS.likes * saturate(inputs.likesReceived, 50) +
    WEIGHTS.matches * saturate(inputs.matches, 20) +
    WEIGHTS.visits * saturate(inputs.visitsReceived, 200) +
    WEIGHTS.completeness * Math.min(1, Math.max(0, inputs.completeness));
  const penalty = 1 / (1 + 0.5 * Math.max(0, inputs.fakeReports));
  return Math.floor(10 * score * penalty * 100) / 100;
}

/** The six items of a complete profile (the contract's list), as a share. */
export function completenessShare(
  user: Pick<User, 'gender' | 'birthDate' | 'biography' | 'interests' | 'profilePictureId' | 'location'>,
): number {
  const items = [
    user.gender !== null,
    user.birthDate !== null,
    user.biography !== null,
    user.interests.length > 0,
    user.profilePictureId !== null,
    user.location !== null,
  ];
  return items.filter(Boolean).length / items.length;
}
