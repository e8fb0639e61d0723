import type { InterestCatalog, InterestCount } from '@kindred/domain';
import type { Orm } from '../orm.js';
import { Database, sql } from '../sql/sql.js';

const POPULAR = sql<[string, number], InterestCount>(
  `select tag as name, count(*)::int as count
     from users, unnest(interests) as tag
    where email_verified and tag like $1
    group by tag
    order by count(*) desc, tag collate "C"
    limit $2`,
);

/**
 * Counts tags over the users' `interests` arrays. A scan of the users table:
 * fine for thousands of members; at scale, a maintained `interests` table
 * (or a materialised view refreshed periodically) should replace it.
 */
export class SqlInterestCatalog implements InterestCatalog {
  private readonly db: Database;

  constructor(orm: Orm) {
    this.db = new Database(orm);
  }

  async popular(prefix: string, limit: number): Promise<InterestCount[]> {
    // The prefix is a value, and `like` would read its own wildcards in it: escape them.
    const pattern = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const rows = await this.db.rows(POPULAR, pattern, limit);
    return rows.map((r) => ({ name: r.name, count: Number(r.count) }));
  }
}
