import { DEFAULT_HIDE_AFTER_REPORTERS, hidingRule } from '../moderation/reports.js';
import type { Ports } from '../ports/index.js';
import type { BrowsePosition } from '../ports/discovery-repository.js';
import type { DiscoveryCriteria, DiscoverySort, Ranked } from '../matching/discovery.js';
import type { User } from '../users/user.js';
import { DomainError, ValidationError } from '../errors.js';
import { ageOn, soughtGenders } from '../users/user.js';
import { isProfileComplete } from '../users/profile-completeness.js';
import { snap } from '../social/geo.js';
import { MINIMUM_AGE, normaliseInterests } from '../users/profile-rules.js';
import { loadSelf } from './get-me.js';

/** What a client may ask; absent values take the defaults of the contract's table. */
export interface DiscoveryQuery {
  readonly ageGap?: number | undefined;
  readonly ageMin?: number | undefined;
  readonly ageMax?: number | undefined;
  readonly fameGap?: number | undefined;
  readonly fameMin?: number | undefined;
  readonly fameMax?: number | undefined;
  readonly maxDistanceKm?: number | undefined;
  readonly near?: { readonly latitude: number; readonly longitude: number } | undefined;
  readonly interests?: readonly string[] | undefined;
  readonly sort?: DiscoverySort | undefined;
  readonly order?: 'asc' | 'desc' | undefined;
}

export interface DiscoveryResult {
  readonly viewer: User;
  readonly items: readonly { readonly user: User; readonly ranked: Ranked }[];
  /** The next page of this browse, or null when nobody is left. */
  readonly next: BrowsePosition | null;
}

/** The ranges a query may ask for (inclusive), the contract's table; schemas state the same constants. */
export const DISCOVERY_RANGES = {
  age: { min: MINIMUM_AGE, max: 120 },
  ageGap: { min: 0, max: 30 },
  fame: { min: 0, max: 10 },
  fameGap: { min: 0, max: 10 },
  maxDistanceKm: { min: 1, max: 20_000 },
} as const;

/** Suggestions' defaults (search has none but the full ranges). */
export const SUGGESTION_DEFAULTS = { ageGap: 10, fameGap: 10, maxDistanceKm: 100 } as const;

/** A browse is forgotten a day after its first page; its cursors are refused after that. */
export const BROWSE_LIFETIME_MS = 24 * 60 * 60 * 1000;

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** The criteria of suggestions or a search, with the contract's defaults. */
export function discoveryCriteria(
  mode: 'suggestions' | 'search',
  viewer: User,
  query: DiscoveryQuery,
  today: Date,
  hideAfterReporters: number = DEFAULT_HIDE_AFTER_REPORTERS,
): DiscoveryCriteria {
  const age = ageOn(viewer.birthDate!, today);
  const origin = mode === 'search' && query.near ? query.near : viewer.location!;
  const base = {
    viewerId: viewer.id,
    viewerGender: viewer.gender!,
    viewerSeeks: soughtGenders(viewer),
    viewerInterests: viewer.interests,
    origin: { latitude: snap(origin.latitude), longitude: snap(origin.longitude) },
    // Tags asked for are normalised as profiles store them (`# Hiking` finds `hiking`).
    interests: normaliseInterests(query.interests ?? []).filter((tag) => tag !== ''),
    order: query.order ?? null,
    today,
    hiding: hidingRule(hideAfterReporters, today),
  };
  const ages = DISCOVERY_RANGES.age;
  const fames = DISCOVERY_RANGES.fame;
  if (mode === 'suggestions') {
    const ageGap = query.ageGap ?? SUGGESTION_DEFAULTS.ageGap;
    const fameGap = query.fameGap ?? SUGGESTION_DEFAULTS.fameGap;
    return {
      ...base,
      maxDistanceKm: query.maxDistanceKm ?? SUGGESTION_DEFAULTS.maxDistanceKm,
      ageMin: clamp(age - ageGap, ages.min, ages.max),
      ageMax: clamp(age + ageGap, ages.min, ages.max),
      fameMin: clamp(viewer.fameRating - fameGap, fames.min, fames.max),
      fameMax: clamp(viewer.fameRating + fameGap, fames.min, fames.max),
      sort: query.sort ?? 'best',
      excludeLiked: true,
    };
  }
  return {
    ...base,
    maxDistanceKm: query.maxDistanceKm ?? null,
    ageMin: query.ageMin ?? ages.min,
    ageMax: query.ageMax ?? ages.max,
    fameMin: query.fameMin ?? fames.min,
    fameMax: query.fameMax ?? fames.max,
    sort: query.sort ?? 'distance',
    excludeLiked: false,
  };
}

/**
 * Suggestions and search: verified, complete, mutually compatible members,
 * ranked and paged.
 *
 * Paging is a browse: each page is the best of the members the browse has
 * not shown yet, ranked as they are at that moment, and the browse records
 * whom it showed. So nobody appears twice, and nobody who matches
 * throughout is skipped, even when fame, positions, interests or birthdays
 * change between pages (a position after the last row would lose members
 * whose rank moved before it, and repeat those whose rank moved after it).
 * A page asked again (a retry) shows the members it showed the first time,
 * as they are now.
 */
export class Discover {
  constructor(
    private readonly ports: Pick<Ports, 'users' | 'discovery' | 'clock' | 'ids'>,
    private readonly hideAfterReporters: number = DEFAULT_HIDE_AFTER_REPORTERS,
  ) {}

  async execute(input: {
    readonly viewerId: string;
    readonly mode: 'suggestions' | 'search';
    readonly query: DiscoveryQuery;
    readonly limit: number;
    readonly cursor: BrowsePosition | null;
  }): Promise<DiscoveryResult> {
    const { discovery } = this.ports;
    const viewer = await loadSelf(this.ports.users, input.viewerId);
    if (!isProfileComplete(viewer))
      throw new DomainError('PROFILE_INCOMPLETE', 'Complete your profile first');
    const now = this.ports.clock.now();
    const criteria = discoveryCriteria(input.mode, viewer, input.query, now, this.hideAfterReporters);

    let position = input.cursor;
    let ranked: Ranked[];
    let more: boolean;
    const shownBefore = position ? await discovery.shownOn(position, viewer.id) : [];
    if (shownBefore === null) throw expiredCursor();
    if (position && shownBefore.length > 0) {
      // A retry: the same members as the first time, in the same order, as they are now.
      const current = new Map((await discovery.rank(criteria, shownBefore)).map((r) => [r.userId, r]));
      ranked = shownBefore.flatMap((id) => current.get(id) ?? []);
      const following = { browseId: position.browseId, page: position.page + 1 };
      more = (await discovery.find(criteria, 1, following)).items.length > 0;
    } else {
      // Only a browse that goes on needs to remember whom it showed: `find` records the page when
      // others remain, in the same query; a first page starts a browse under a new id.
      const record = { position: position ?? { browseId: this.ports.ids.next(), page: 0 }, at: now };
      ({ items: ranked, more } = await discovery.find(criteria, input.limit, position, record));
      if (more && ranked.length > 0) position = record.position;
    }

    const users = new Map(
      (await this.ports.users.findByIds(ranked.map((r) => r.userId))).map((u) => [u.id, u]),
    );
    const items = ranked.flatMap((r) => {
      const user = users.get(r.userId);
      return user ? [{ user, ranked: r }] : [];
    });
    const next = more && position ? { browseId: position.browseId, page: position.page + 1 } : null;
    return { viewer, items, next };
  }
}

function expiredCursor(): ValidationError {
  return new ValidationError([
    {
      path: '/cursor',
      code: 'INVALID_CURSOR',
      message: 'Unknown or expired cursor: start again from the first page',
    },
  ]);
}
