import type { BrowsePosition, DiscoveryRepository, PageRecord } from '../ports/discovery-repository.js';
import type { DiscoveryCriteria, Ranked } from '../matching/discovery.js';
import { compareRanked, rankCandidate } from '../matching/discovery.js';
import type { InMemorySocialRepository } from './in-memory-social.js';
import type { InMemoryUserRepository } from './in-memory-user-repository.js';
import type { InMemoryModerationRepository } from './in-memory-moderation.js';

interface Browse {
  readonly viewerId: string;
  readonly startedAt: Date;
  /** The page each member was shown on. */
  readonly shownOn: Map<string, number>;
  readonly pages: Map<number, string[]>;
}

/** Discovery by applying the domain's reference rule to every member. */
export class InMemoryDiscovery implements DiscoveryRepository {
  private readonly browses = new Map<string, Browse>();

  constructor(
    private readonly users: InMemoryUserRepository,
    private readonly social: InMemorySocialRepository,
    private readonly moderation?: InMemoryModerationRepository,
  ) {}

  async find(
    criteria: DiscoveryCriteria,
    limit: number,
    browse: BrowsePosition | null,
    record?: PageRecord,
  ): Promise<{ items: Ranked[]; more: boolean }> {
    const shown = browse ? this.browses.get(browse.browseId)?.shownOn : undefined;
    const ranked = (await this.ranked(criteria)).filter((r) => {
      const page = shown?.get(r.userId);
      return page === undefined || page >= browse!.page;
    });
    const items = ranked.slice(0, limit);
    const more = ranked.length > limit;
    if (record && more)
      this.recordPage(
        record,
        criteria.viewerId,
        items.map((r) => r.userId),
      );
    return { items, more };
  }

  async rank(criteria: DiscoveryCriteria, userIds: readonly string[]): Promise<Ranked[]> {
    const wanted = new Set(userIds);
    return (await this.ranked(criteria)).filter((r) => wanted.has(r.userId));
  }

  private recordPage(
    { position: browse, at }: PageRecord,
    viewerId: string,
    userIds: readonly string[],
  ): void {
    let state = this.browses.get(browse.browseId);
    if (!state) {
      state = { viewerId, startedAt: at, shownOn: new Map(), pages: new Map() };
      this.browses.set(browse.browseId, state);
    }
    if (state.viewerId !== viewerId) return;
    const page = state.pages.get(browse.page) ?? [];
    for (const id of userIds)
      if (!state.shownOn.has(id)) {
        state.shownOn.set(id, browse.page);
        page.push(id);
      }
    state.pages.set(browse.page, page);
  }

  async shownOn(browse: BrowsePosition, viewerId: string): Promise<string[] | null> {
    const state = this.browses.get(browse.browseId);
    if (!state || state.viewerId !== viewerId) return null;
    return [...(state.pages.get(browse.page) ?? [])];
  }

  async forgetBrowsesBefore(cutoff: Date): Promise<number> {
    let count = 0;
    for (const [id, state] of this.browses)
      if (state.startedAt < cutoff) {
        this.browses.delete(id);
        count += 1;
      }
    return count;
  }

  private async ranked(criteria: DiscoveryCriteria): Promise<Ranked[]> {
    const ranked: Ranked[] = [];
    const everyone = this.users.all();
    const hidden = this.moderation
      ? await this.moderation.hiddenAmong(
          everyone.map((u) => u.id),
          criteria.hiding,
          criteria.today,
        )
      : new Set<string>();
    for (const user of everyone) {
      const relations = {
        blockedEitherWay: this.social.isBlocked(criteria.viewerId, user.id),
        reportedByViewer: this.social.reports.has(`${criteria.viewerId}|${user.id}`),
        likedByViewer: this.social.likes.has(`${criteria.viewerId}|${user.id}`),
        hiddenByReports: hidden.has(user.id),
      };
      const r = rankCandidate(criteria, user, relations);
      if (r) ranked.push(r);
    }
    return ranked.sort(compareRanked);
  }
}
