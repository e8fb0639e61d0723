import {
  sortDescending,
  sortKeys,
  type DiscoveryCriteria,
  type DiscoveryRepository,
  type Ranked,
  type RankCursor,
} from '@kindred/domain';
import type { Orm } from '../orm.js';
import { translating } from '../database-errors.js';
import { EARTH_KM, R, boxAround, boxConditions, cellsOf } from './grid-box.js';

interface Row {
  id: string;
  dist: number;
  common: number;
  age: number;
  fame: number;
}

/** SQL expressions of the sort keys (all ascending), over the candidate columns. */
function keyExpressions(criteria: DiscoveryCriteria): string[] {
  if (criteria.sort === 'best') {
    return [
      '(case when dist < 5 then 0 when dist < 25 then 1 when dist < 100 then 2 else 3 end)',
      '-common',
      '-fame',
      'dist',
    ];
  }
  const column = { distance: 'dist', age: 'age', fame: 'fame', commonInterests: 'common' }[criteria.sort];
  const descending = sortDescending(criteria);
  return [descending ? `-${column}` : column];
}

/**
 * Suggestions and search as one SQL query: filters in the WHERE clause (a
 * bounding box on the grid index when a radius is given, the GIN index for
 * interests), the grid haversine distance and the sort keys computed per
 * candidate, keyset paging on the keys and id. `rankCandidate` in the domain
 * is the reference it is tested against.
 */
export class SqlDiscoveryRepository implements DiscoveryRepository {
  constructor(private readonly orm: Orm) {}

  find(
    criteria: DiscoveryCriteria,
    limit: number,
    after: RankCursor | null,
  ): Promise<{ items: Ranked[]; next: RankCursor | null }> {
    const { sql, params } = this.query(criteria, limit, after);
    return translating(async () => {
      const rows = ((await this.orm.em.getConnection().execute(sql, params)) as Row[]).map((r) =>
        this.rank(criteria, r),
      );
      const items = rows.slice(0, limit);
      const last = items.at(-1);
      return { items, next: rows.length > limit && last ? { keys: last.keys, userId: last.userId } : null };
    });
  }

  /** The database's own execution time of the query `find` runs (EXPLAIN ANALYZE), for the benchmark. */
  async explain(criteria: DiscoveryCriteria, limit: number): Promise<{ executionMs: number; rings: number }> {
    const { sql, params } = this.query(criteria, limit, null);
    const [result] = (await this.orm.em
      .getConnection()
      .execute(`explain (analyze, format json) ${sql}`, params)) as {
      'QUERY PLAN': { 'Execution Time': number }[];
    }[];
    return { executionMs: result!['QUERY PLAN'][0]!['Execution Time'], rings: rings(criteria, null).length };
  }

  /**
   * One statement. Ascending distance is split into rings, nearest first, each sorted and limited on its own, joined by UNION ALL under one
   * LIMIT: PostgreSQL reads the branches in turn and stops once the page is
   * full, so a dense city costs the candidates of its inner rings only, not
   * everyone within 100 km.
   */
  query(
    criteria: DiscoveryCriteria,
    limit: number,
    after: RankCursor | null,
  ): { sql: string; params: unknown[] } {
    const parts = rings(criteria, after).map((ring) => this.ringQuery(criteria, limit, after, ring));
    if (parts.length === 1) return parts[0]!;
    return {
      sql: `select * from (${parts.map((part) => `(${part.sql})`).join('\n union all\n')}) ranked limit ${limit + 1}`,
      params: parts.flatMap((part) => part.params),
    };
  }

  private ringQuery(
    criteria: DiscoveryCriteria,
    limit: number,
    after: RankCursor | null,
    ring: Ring = WHOLE,
  ): { sql: string; params: unknown[] } {
    const params: unknown[] = [];
    const p = (value: unknown) => {
      params.push(value);
      return '?';
    };
    const { latitude: olat, longitude: olon } = criteria.origin;
    const today = criteria.today.toISOString().slice(0, 10);
    // Placeholders are positional: build the text in reading order.
    const select = `
        select u.id,
               greatest(1, floor(2 * ${EARTH_KM} * asin(least(1, sqrt(hv.h))) + 0.5))::int as dist,
               (select count(*) from unnest(u.interests) t where t = any(${p(pgTextArray(criteria.viewerInterests))}::text[]))::int as common,
               extract(year from age(${p(today)}::date, u.birth_date))::int as age,
               u.fame_rating as fame
          from users u
          cross join lateral (select sin((u.grid_lat - ${p(olat)}) * ${R} / 2) as a, sin((u.grid_lon - ${p(olon)}) * ${R} / 2) as b) s
          cross join lateral (select s.a * s.a + cos(${p(olat)} * ${R}) * cos(u.grid_lat * ${R}) * s.b * s.b as h) hv`;
    const where = [
      'u.discoverable',
      `u.id <> ${p(criteria.viewerId)}::uuid`,
      `u.gender = any(${p(`{${criteria.viewerSeeks.join(',')}}`)}::text[])`,
      `(u.sexual_preference is null or ${p(criteria.viewerGender)}::text = any(u.sexual_preference))`,
      `u.fame_rating between ${p(criteria.fameMin)} and ${p(criteria.fameMax)}`,
      // The age range as a range of birth dates: a comparison per candidate instead of age() twice.
      `u.birth_date <= (${p(today)}::date - make_interval(years => ${p(criteria.ageMin)}::int))::date`,
      `u.birth_date > (${p(today)}::date - make_interval(years => ${p(criteria.ageMax + 1)}::int))::date`,
      `not exists (select 1 from blocks b where (b.blocker_id = u.id and b.blocked_id = ${p(criteria.viewerId)}::uuid) or (b.blocked_id = u.id and b.blocker_id = ${p(criteria.viewerId)}::uuid))`,
      `not exists (select 1 from reports r where r.reported_id = u.id and r.reporter_id = ${p(criteria.viewerId)}::uuid)`,
    ];
    if (criteria.interests.length > 0)
      where.push(`u.interests @> ${p(pgTextArray(criteria.interests))}::text[]`);
    if (criteria.excludeLiked)
      where.push(
        `not exists (select 1 from likes l where l.liked_id = u.id and l.liker_id = ${p(criteria.viewerId)}::uuid)`,
      );
    // The true distance a candidate can have: shown distances are `max(1, floor(d + 0.5))`, so
    // "≤ maxDistanceKm" is d < max + 0.5 and the ring's "< toKm" is d < toKm − 0.5.
    const reach = Math.min(
      criteria.maxDistanceKm === null ? Infinity : criteria.maxDistanceKm + 0.5,
      ring.toKm === null ? Infinity : ring.toKm - 0.5,
    );
    if (reach !== Infinity) {
      const box = boxAround(olat, olon, reach);
      where.push(...boxConditions(box, p));
      // Interests within a radius: per tag, "this tag in one of the box's 1° cells" on the tag-cell
      // GIN index (migration 0009), so only members who have the tags *and* live nearby are read.
      // The plain `interests @> …` above stays the rule; these only narrow what the index returns.
      const cells = cellsOf(box);
      if (cells !== null)
        for (const tag of criteria.interests.slice(0, 3))
          where.push(
            `kindred_tag_cells(u.interests, u.grid_lat, u.grid_lon) && ${p(pgTextArray(cells.map((cell) => `${tag}@${cell}`)))}::text[]`,
          );
    }

    const keys = keyExpressions(criteria);
    const outer: string[] = [];
    if (criteria.maxDistanceKm !== null) outer.push(`dist <= ${p(criteria.maxDistanceKm)}`);
    if (ring.fromKm > 1) outer.push(`dist >= ${p(ring.fromKm)}`);
    if (ring.toKm !== null) outer.push(`dist < ${p(ring.toKm)}`);
    if (after)
      outer.push(
        `(${keys.join(', ')}, id) > (${after.keys.map((k) => `${p(k)}::float8`).join(', ')}, ${p(after.userId)}::uuid)`,
      );

    const sql = `
      select id, dist, common, age, fame from (${select}
         where ${where.join('\n           and ')}
      ) candidates
      ${outer.length > 0 ? `where ${outer.join(' and ')}` : ''}
      order by ${keys.join(', ')}, id
      limit ${p(limit + 1)}`;
    return { sql, params };
  }

  private rank(criteria: DiscoveryCriteria, row: Row): Ranked {
    const c = {
      distanceKm: Number(row.dist),
      commonInterests: Number(row.common),
      age: Number(row.age),
      fame: Number(row.fame),
    };
    // The keys come from the domain's own definition; the SQL above only orders by the same expressions.
    return {
      userId: row.id,
      distanceKm: c.distanceKm,
      commonInterests: c.commonInterests,
      keys: sortKeys(criteria, c),
    };
  }
}

/** Whole-km distances `[fromKm, toKm)`; `toKm` null: no upper bound. */
interface Ring {
  readonly fromKm: number;
  readonly toKm: number | null;
}

const WHOLE: Ring = { fromKm: 1, toKm: null };
const RING_EDGES = [1, 2, 5, 25, 100, 400, 1600, 6400];

/**
 * The rings to read, in order, for `distance` ascending: every row of an
 * inner ring comes before every row of an outer one, so reading them in turn
 * and stopping once a page is full gives the very same page as one query
 * over all. (Measured: for `best`, whose bands would allow the same, the
 * restrictive filters of suggestions mostly leave the inner bands short of a
 * page, and the rings only add work; it runs as one plain query.)
 */
function rings(criteria: DiscoveryCriteria, after: RankCursor | null): Ring[] {
  const ascendingDistance = criteria.sort === 'distance' && criteria.order !== 'desc';
  if (!ascendingDistance) return [WHOLE];
  const edges = RING_EDGES;
  const max = criteria.maxDistanceKm;
  return edges
    .map((fromKm, i) => ({ fromKm, toKm: edges[i + 1] ?? null }))
    .filter((ring) => {
      if (max !== null && ring.fromKm > max) return false;
      // Rings wholly before the cursor hold nothing after it.
      return !after || ring.toKm === null || ring.toKm > after.keys[0]!;
    });
}

/** A text[] literal with every element quoted (tags may hold spaces, commas or quotes). */
function pgTextArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}
