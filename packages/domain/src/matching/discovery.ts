import type { HidingRule } from '../moderation/reports.js';
import { isSuspended } from '../moderation/suspension.js';
import type { Gender, User } from '../users/user.js';
import { ageOn, soughtGenders } from '../users/user.js';
import { isProfileComplete } from '../users/profile-completeness.js';
import { haversineKm, snap, wholeKm } from '../social/geo.js';

export const SORTS = ['best', 'distance', 'age', 'fame', 'commonInterests'] as const;
export type DiscoverySort = (typeof SORTS)[number];

/** Everything a discovery query is: the domain states it, adapters turn it into a query. */
export interface DiscoveryCriteria {
  readonly viewerId: string;
  readonly viewerGender: Gender;
  readonly viewerSeeks: readonly Gender[];
  readonly viewerInterests: readonly string[];
  /** Snapped position distances are measured from. */
  readonly origin: { readonly latitude: number; readonly longitude: number };
  readonly maxDistanceKm: number | null;
  readonly ageMin: number;
  readonly ageMax: number;
  readonly fameMin: number;
  readonly fameMax: number;
  /** Candidates have them all. */
  readonly interests: readonly string[];
  readonly sort: DiscoverySort;
  /** Overrides the sort's default direction (not for `best`). */
  readonly order: 'asc' | 'desc' | null;
  /** Suggestions leave out members the viewer already likes. */
  readonly excludeLiked: boolean;
  /** "Today", for ages; also the instant suspensions are read at. */
  readonly today: Date;
  /** Members the hiding rule hides (reported by enough distinct members) are left out. */
  readonly hiding: HidingRule;
}

/** A candidate as ranked: the shown distance and shared interests, and its sort keys (all ascending). */
export interface Ranked {
  readonly userId: string;
  readonly distanceKm: number;
  readonly commonInterests: number;
  /** The order: compare element by element, numbers then the id. */
  readonly keys: readonly number[];
}

/** Where `best`'s distance bands end, in km: < 5, < 25, < 100, then everything farther. */
export const DISTANCE_BAND_LIMITS_KM = [5, 25, 100] as const;

/** `best`: distance band first (see DISTANCE_BAND_LIMITS_KM), then more common interests, then higher fame, then nearer. */
export function distanceBand(km: number): number {
  const band = DISTANCE_BAND_LIMITS_KM.findIndex((limit) => km < limit);
  return band === -1 ? DISTANCE_BAND_LIMITS_KM.length : band;
}

const DEFAULT_DESCENDING: Record<DiscoverySort, boolean> = {
  best: false,
  distance: false,
  age: false,
  fame: true,
  commonInterests: true,
};

/** Whether a (non-`best`) sort runs descending: its default, unless `order` says otherwise. */
export function sortDescending(criteria: Pick<DiscoveryCriteria, 'sort' | 'order'>): boolean {
  return criteria.order === null ? DEFAULT_DESCENDING[criteria.sort] : criteria.order === 'desc';
}

/** The sort keys of a candidate, every one ascending (descending ones negated); ties fall to the id. */
export function sortKeys(
  criteria: Pick<DiscoveryCriteria, 'sort' | 'order'>,
  c: { distanceKm: number; commonInterests: number; age: number; fame: number },
): number[] {
  const sort = criteria.sort;
  if (sort === 'best') return [distanceBand(c.distanceKm), -c.commonInterests, -c.fame, c.distanceKm];
  // A switch, not a lookup in an object literal made per call: V8 deoptimized such a literal on
  // every fame that was a whole number after one that was not, in a loop (ADR 0004).
  let value: number;
  switch (sort) {
    case 'distance':
      value = c.distanceKm;
      break;
    case 'age':
      value = c.age;
      break;
    case 'fame':
      value = c.fame;
      break;
    case 'commonInterests':
      value = c.commonInterests;
      break;
  }
  return [sortDescending(criteria) ? -value : value];
}

export function compareRanked(
  a: Pick<Ranked, 'keys' | 'userId'>,
  b: Pick<Ranked, 'keys' | 'userId'>,
): number {
  for (let i = 0; i < a.keys.length; i++) {
    const d = a.keys[i]! - b.keys[i]!;
    if (d !== 0) return d;
  }
  return a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0;
}

/** Relations of the viewer with one candidate that discovery cares about. */
export interface CandidateRelations {
  readonly blockedEitherWay: boolean;
  readonly reportedByViewer: boolean;
  readonly likedByViewer: boolean;
  /** The hiding rule hides the candidate now (see `isHiddenByReports`). */
  readonly hiddenByReports: boolean;
}

/**
 * The reference rule: whether `candidate` belongs in the viewer's results,
 * and how it ranks. The database adapter must answer exactly what this does.
 */
export function rankCandidate(
  criteria: DiscoveryCriteria,
  candidate: User,
  relations: CandidateRelations,
): Ranked | null {
  if (candidate.id === criteria.viewerId || !candidate.emailVerified || !isProfileComplete(candidate))
    return null;
  if (!criteria.viewerSeeks.includes(candidate.gender!)) return null;
  if (!soughtGenders(candidate).includes(criteria.viewerGender)) return null;
  // Suspended or banned members are gone for everyone; reported ones leave discovery only.
  if (isSuspended(candidate, criteria.today) || relations.hiddenByReports) return null;
  if (
    relations.blockedEitherWay ||
    relations.reportedByViewer ||
    (criteria.excludeLiked && relations.likedByViewer)
  )
    return null;
  const age = ageOn(candidate.birthDate!, criteria.today);
  if (age < criteria.ageMin || age > criteria.ageMax) return null;
  if (candidate.fameRating < criteria.fameMin || candidate.fameRating > criteria.fameMax) return null;
  if (!criteria.interests.every((tag) => candidate.interests.includes(tag))) return null;
  const location = candidate.location!;
  const distanceKm = wholeKm(
    haversineKm(
      criteria.origin.latitude,
      criteria.origin.longitude,
      snap(location.latitude),
      snap(location.longitude),
    ),
  );
  if (criteria.maxDistanceKm !== null && distanceKm > criteria.maxDistanceKm) return null;
  const mine = new Set(criteria.viewerInterests);
  const commonInterests = candidate.interests.filter((tag) => mine.has(tag)).length;
  return {
    userId: candidate.id,
    distanceKm,
    commonInterests,
    keys: sortKeys(criteria, { distanceKm, commonInterests, age, fame: candidate.fameRating }),
  };
}
