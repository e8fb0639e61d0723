import type { Ports } from '../ports/index.js';
import type { RankCursor } from '../ports/discovery-repository.js';
import type { DiscoveryCriteria, DiscoverySort, Ranked } from '../matching/discovery.js';
import type { User } from '../users/user.js';
import { DomainError } from '../errors.js';
import { ageOn, soughtGenders } from '../users/user.js';
import { isProfileComplete } from '../users/profile-completeness.js';
import { snap } from '../social/geo.js';
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
  readonly next: RankCursor | null;
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** The criteria of suggestions or a search, with the contract's defaults. */
export function discoveryCriteria(
  mode: 'suggestions' | 'search',
  viewer: User,
  query: DiscoveryQuery,
  today: Date,
): DiscoveryCriteria {
  const age = ageOn(viewer.birthDate!, today);
  const origin = mode === 'search' && query.near ? query.near : viewer.location!;
  const base = {
    viewerId: viewer.id,
    viewerGender: viewer.gender!,
    viewerSeeks: soughtGenders(viewer),
    viewerInterests: viewer.interests,
    origin: { latitude: snap(origin.latitude), longitude: snap(origin.longitude) },
    interests: query.interests ?? [],
    order: query.order ?? null,
    today,
  };
  if (mode === 'suggestions') {
    const ageGap = query.ageGap ?? 10;
    const fameGap = query.fameGap ?? 10;
    return {
      ...base,
      maxDistanceKm: query.maxDistanceKm ?? 100,
      ageMin: clamp(age - ageGap, 18, 120),
      ageMax: clamp(age + ageGap, 18, 120),
      fameMin: clamp(viewer.fameRating - fameGap, 0, 10),
      fameMax: clamp(viewer.fameRating + fameGap, 0, 10),
      sort: query.sort ?? 'best',
      excludeLiked: true,
    };
  }
  return {
    ...base,
    maxDistanceKm: query.maxDistanceKm ?? null,
    ageMin: query.ageMin ?? 18,
    ageMax: query.ageMax ?? 120,
    fameMin: query.fameMin ?? 0,
    fameMax: query.fameMax ?? 10,
    sort: query.sort ?? 'distance',
    excludeLiked: false,
  };
}

/** Suggestions and search: verified, complete, mutually compatible members, ranked and paged. */
export class Discover {
  constructor(private readonly ports: Pick<Ports, 'users' | 'discovery' | 'clock'>) {}

  async execute(input: {
    readonly viewerId: string;
    readonly mode: 'suggestions' | 'search';
    readonly query: DiscoveryQuery;
    readonly limit: number;
    readonly after: RankCursor | null;
  }): Promise<DiscoveryResult> {
    const viewer = await loadSelf(this.ports.users, input.viewerId);
    if (!isProfileComplete(viewer))
      throw new DomainError('PROFILE_INCOMPLETE', 'Complete your profile first');
    const criteria = discoveryCriteria(input.mode, viewer, input.query, this.ports.clock.now());
    const page = await this.ports.discovery.find(criteria, input.limit, input.after);
    const users = new Map(
      (await this.ports.users.findByIds(page.items.map((r) => r.userId))).map((u) => [u.id, u]),
    );
    const items = page.items.flatMap((ranked) => {
      const user = users.get(ranked.userId);
      return user ? [{ user, ranked }] : [];
    });
    return { viewer, items, next: page.next };
  }
}
