import type { DiscoveryRepository, RankCursor } from '../ports/discovery-repository.js';
import type { DiscoveryCriteria, Ranked } from '../matching/discovery.js';
import { compareRanked, rankCandidate } from '../matching/discovery.js';
import type { InMemorySocialRepository } from './in-memory-social.js';
import type { InMemoryUserRepository } from './in-memory-user-repository.js';

/** Discovery by applying the domain's reference rule to every member. */
export class InMemoryDiscovery implements DiscoveryRepository {
  constructor(
    private readonly users: InMemoryUserRepository,
    private readonly social: InMemorySocialRepository,
  ) {}

  async find(
    criteria: DiscoveryCriteria,
    limit: number,
    after: RankCursor | null,
  ): Promise<{ items: Ranked[]; next: RankCursor | null }> {
    const ranked: Ranked[] = [];
    for (const user of this.users.all()) {
      const relations = {
        blockedEitherWay: this.social.isBlocked(criteria.viewerId, user.id),
        reportedByViewer: this.social.reports.has(`${criteria.viewerId}|${user.id}`),
        likedByViewer: this.social.likes.has(`${criteria.viewerId}|${user.id}`),
      };
      const r = rankCandidate(criteria, user, relations);
      if (r) ranked.push(r);
    }
    ranked.sort(compareRanked);
    const rest = after ? ranked.filter((r) => compareRanked(r, after) > 0) : ranked;
    const items = rest.slice(0, limit);
    const last = items.at(-1);
    return { items, next: rest.length > limit && last ? { keys: last.keys, userId: last.userId } : null };
  }
}
