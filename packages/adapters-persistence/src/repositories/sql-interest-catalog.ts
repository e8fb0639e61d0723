import type { InterestCatalog, InterestCount } from '@kindred/domain';
import type { Orm } from '../orm.js';
import { translating } from '../database-errors.js';

/**
 * Counts tags over the users' `interests` arrays. A scan of the users table:
 * fine for thousands of members; at scale, a maintained `interests` table
 * (or a materialised view refreshed periodically) should replace it.
 */
export class SqlInterestCatalog implements InterestCatalog {
  constructor(private readonly orm: Orm) {}

  popular(prefix: string, limit: number): Promise<InterestCount[]> {
    const pattern = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return translating(async () => {
      const rows = (await this.orm.em.getConnection().execute(
        `select tag as name, count(*)::int as count
           from users, unnest(interests) as tag
          where email_verified and tag like ?
          group by tag
          order by count(*) desc, tag collate "C"
          limit ?`,
        [pattern, limit],
      )) as InterestCount[];
      return rows.map((r) => ({ name: r.name, count: Number(r.count) }));
    });
  }
}
