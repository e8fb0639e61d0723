import type { DiscoveryCriteria, Ranked } from '../matching/discovery.js';

/**
 * Where a member's browse of suggestions or search results stands. Pages are
 * numbered from 0; `page` is the one to show next. A browse remembers whom
 * each page showed, so that nobody is shown twice in it and nobody is skipped
 * when profiles change between pages (see `Discover`).
 */
export interface BrowsePosition {
  readonly browseId: string;
  readonly page: number;
}

/**
 * Where `find` records whom the page it answers showed, in order, under the
 * viewer's browse (`at` starts the browse on its first page). A member keeps
 * the page and place of their first record in a browse, and another member's
 * browse is left as it is.
 */
export interface PageRecord {
  readonly position: BrowsePosition;
  readonly at: Date;
}

/** Finds and ranks candidates; must answer exactly what `rankCandidate` says, in `compareRanked` order. */
export interface DiscoveryRepository {
  /**
   * The first `limit` candidates, leaving out whoever the pages of `browse`
   * before `browse.page` showed; `more` when others remain. With `record`,
   * also records the page, only when `more` (a single page needs no browse).
   * One query: a page of a browse that goes on costs one round trip and one
   * commit, not two.
   */
  find(
    criteria: DiscoveryCriteria,
    limit: number,
    browse: BrowsePosition | null,
    record?: PageRecord,
  ): Promise<{ items: Ranked[]; more: boolean }>;
  /** These members as they rank now, leaving out any that no longer match. */
  rank(criteria: DiscoveryCriteria, userIds: readonly string[]): Promise<Ranked[]>;
  /** Whom a page of the viewer's browse showed, in order: [] for a page not recorded, null for a browse unknown to this viewer or forgotten. */
  shownOn(browse: BrowsePosition, viewerId: string): Promise<string[] | null>;
  /** Forgets browses started before `cutoff`; answers how many. */
  forgetBrowsesBefore(cutoff: Date): Promise<number>;
}
