import type { InterestCatalog, InterestCount } from '../ports/interest-catalog.js';
import type { InMemoryUserRepository } from './in-memory-user-repository.js';

export class InMemoryInterestCatalog implements InterestCatalog {
  constructor(private readonly users: InMemoryUserRepository) {}

  async popular(prefix: string, limit: number): Promise<InterestCount[]> {
    const counts = new Map<string, number>();
    for (const user of this.users.all()) {
      if (!user.emailVerified) continue;
      for (const tag of user.interests)
        if (tag.startsWith(prefix)) counts.set(tag, (counts.get(tag) ?? 0) + 1);
    }
    return [...counts]
      .map(([name, count]) => ({ name, count }))
      .sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .slice(0, limit);
  }
}
