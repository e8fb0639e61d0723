import type { DiscoveryCriteria, Ranked } from '../matching/discovery.js';

/** Position after the last row of a page: its sort keys and id. */
export interface RankCursor {
  readonly keys: readonly number[];
  readonly userId: string;
}

/** Finds and ranks candidates in one query; must answer exactly what `rankCandidate` says, in `compareRanked` order. */
export interface DiscoveryRepository {
  find(
    criteria: DiscoveryCriteria,
    limit: number,
    after: RankCursor | null,
  ): Promise<{ items: Ranked[]; next: RankCursor | null }>;
}
