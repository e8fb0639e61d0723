import {
  DISTANCE_BAND_LIMITS_KM,
  distanceBand,
  sortDescending,
  sortKeys,
  type DiscoveryCriteria,
  type DiscoveryRepository,
  type BrowsePosition,
  type PageRecord,
  type Ranked,
} from '@kindred/domain';
import { createHash } from 'node:crypto';
import type { Orm } from '../orm.js';
import { isUuid, onlyUuids } from '../schemas/uuid.js';
import { Database, sql, type Statement } from '../sql/sql.js';
import { HIDDEN_BY_REPORTS, SUSPENDED_IDS } from '../sql/moderation-rules.js';
import { EARTH_KM, R, boxAround, boxConditions, cellsOf } from './grid-box.js';

/** What EXPLAIN (ANALYZE, SUMMARY, FORMAT JSON) says of a statement's times. */
interface ExplainedPlan {
  'Execution Time': number;
  'Planning Time': number;
}

interface Row {
  id: string;
  dist: number;
  common: number;
  age: number;
  fame: number;
}

/**
 * The domain's distance bands as SQL, written from its constant (code, not
 * input: no value of a request goes in). The discovery contract and the
 * property test hold the order to the domain's `sortKeys`.
 */
const DISTANCE_BAND_SQL = `(case ${DISTANCE_BAND_LIMITS_KM.map(
  (limit, band) => `when dist < ${Number(limit)} then ${band}`,
).join(' ')} else ${DISTANCE_BAND_LIMITS_KM.length} end)`;

/**
 * SQL expressions of the sort keys (all ascending), over the candidate columns. Within a ring
 * that lies in one distance band the band is the same for every row, so `best` leaves it out
 * there (a CASE that computed the distance up to three more times per candidate).
 */
function keyExpressions(criteria: DiscoveryCriteria, ring: Ring): string[] {
  if (criteria.sort === 'best') {
    const oneBand = distanceBand(ring.fromKm) === distanceBand(ring.toKm === null ? Infinity : ring.toKm - 1);
    return [...(oneBand ? [] : [DISTANCE_BAND_SQL]), '-common', '-fame', 'dist'];
  }
  const column = { distance: 'dist', age: 'age', fame: 'fame', commonInterests: 'common' }[criteria.sort];
  const descending = sortDescending(criteria);
  return [descending ? `-${column}` : column];
}

/** A browse is its viewer's (every page row names them): no row for another viewer, a null for a page not recorded. */
const SHOWN_ON = sql<[number, string, string], { userIds: string[] | null }>(
  `select (select p.user_ids from discovery_pages p where p.browse_id = b.browse_id and p.page = $1) as "userIds"
     from discovery_pages b
    where b.browse_id = $2 and b.viewer_id = $3
    limit 1`,
  { prepare: 'kindred_shown_on' },
);
// Every page of a browse carries its start, so a browse's pages go together.
const FORGET_BROWSES = sql<[Date], { n: number }>(
  `with gone as (delete from discovery_pages where started_at < $1 returning browse_id)
   select count(distinct browse_id)::int as n from gone`,
);

/**
 * Suggestions and search as one SQL query: filters in the WHERE clause (a
 * bounding box on the grid index when a radius is given, the GIN index for
 * interests), the grid haversine distance and the sort keys computed per
 * candidate; members an earlier page of the browse showed are left out, and a
 * page of a browse that goes on is recorded in the same statement.
 * `rankCandidate` in the domain is the reference it is tested against.
 */
export class SqlDiscoveryRepository implements DiscoveryRepository {
  private readonly db: Database;

  constructor(orm: Orm) {
    this.db = new Database(orm);
  }

  async find(
    criteria: DiscoveryCriteria,
    limit: number,
    browse: BrowsePosition | null,
    record?: PageRecord,
  ): Promise<{ items: Ranked[]; more: boolean }> {
    const { statement, params } = this.query(criteria, limit, browse, record);
    const rows = await this.db.rows(statement, ...params);
    return {
      items: rows.slice(0, limit).map((r) => this.toRanked(criteria, r)),
      more: rows.length > limit,
    };
  }

  async rank(criteria: DiscoveryCriteria, userIds: readonly string[]): Promise<Ranked[]> {
    const ids = onlyUuids(userIds);
    if (ids.length === 0 || !isUuid(criteria.viewerId)) return [];
    const params: unknown[] = [];
    const { text } = this.ringQuery(criteria, ids.length, null, WHOLE, placeholders(params), ids);
    const rows = await this.db.rows(sql<unknown[], Row>(text), ...params);
    return rows.map((r) => this.toRanked(criteria, r));
  }

  async shownOn(browse: BrowsePosition, viewerId: string): Promise<string[] | null> {
    if (!isUuid(browse.browseId) || !isUuid(viewerId)) return null;
    const row = await this.db.first(SHOWN_ON, Math.min(browse.page, MAX_PAGE), browse.browseId, viewerId);
    return row ? (row.userIds ?? []) : null;
  }

  async forgetBrowsesBefore(cutoff: Date): Promise<number> {
    return (await this.db.first(FORGET_BROWSES, cutoff))!.n;
  }

  /**
   * For the benchmark: the database's own planning and execution times of the query `find` runs
   * (EXPLAIN ANALYZE, planned for its values, the median of five), and its round trip as the server runs it (median of
   * 20 runs after 5, by which time a prepared statement runs the plan PostgreSQL settled on:
   * `generic` tells which).
   */
  async explain(
    criteria: DiscoveryCriteria,
    limit: number,
  ): Promise<{
    executionMs: number;
    planningMs: number;
    roundTripMs: number;
    rings: number;
    generic: boolean;
  }> {
    const { statement, params } = this.query(criteria, limit, null);
    // One connection: a prepared statement and its plan cache live on the connection that prepared it.
    return this.db.transaction(async (q) => {
      // The median of five: a single EXPLAIN right after a bulk load read 7.5 ms of execution for a
      // statement whose whole round trip took 2.7 ms (pages still coming into the buffer cache).
      const explain = sql<unknown[], { 'QUERY PLAN': ExplainedPlan[] }>(
        `explain (analyze, summary, format json) ${statement.text}`,
      );
      const plans: ExplainedPlan[] = [];
      for (let run = 0; run < 5; run++) plans.push((await q.first(explain, ...params))!['QUERY PLAN'][0]!);
      const times: number[] = [];
      for (let run = 0; run < 25; run++) {
        const start = performance.now();
        await q.rows(statement, ...params);
        if (run >= 5) times.push(performance.now() - start);
      }
      const cache =
        statement.name === undefined
          ? undefined
          : await q.first(
              sql<[string], { generic: number }>(
                'select generic_plans::int as generic from pg_prepared_statements where name = $1',
              ),
              statement.name,
            );
      const median = (values: number[]) => values.sort((x, y) => x - y)[values.length >> 1]!;
      return {
        executionMs: median(plans.map((plan) => plan['Execution Time'])),
        planningMs: median(plans.map((plan) => plan['Planning Time'])),
        roundTripMs: median(times),
        rings: rings(criteria).length,
        generic: (cache?.generic ?? 0) > 0,
      };
    });
  }

  /** The text of `find`'s query and its values (for `BENCH_PLAN`). */
  plan(criteria: DiscoveryCriteria, limit: number): { text: string; params: unknown[] } {
    const { statement, params } = this.query(criteria, limit, null);
    return { text: statement.text, params };
  }

  /**
   * One statement. Ascending distance is split into rings, nearest first, each sorted and limited on its own, joined by UNION ALL under one
   * LIMIT: PostgreSQL reads the branches in turn and stops once the page is
   * full, so a dense city costs the candidates of its inner rings only, not
   * everyone within 100 km.
   */
  private query(
    criteria: DiscoveryCriteria,
    limit: number,
    browse: BrowsePosition | null,
    record?: PageRecord,
  ): { statement: Statement<unknown[], Row>; params: unknown[] } {
    const params: unknown[] = [];
    const p = placeholders(params);
    const ringList = rings(criteria);
    // One ring reads its tag-cell candidates first (`fenced`, see ringQuery); rings keep the grid index
    // for their small inner boxes.
    const fenced = ringList.length === 1;
    const parts = ringList.map((ring) => this.ringQuery(criteria, limit, browse, ring, p, null, fenced));
    const page =
      parts.length === 1
        ? parts[0]!.text
        : `select * from (${parts.map((part) => `(${part.text})`).join('\n union all\n')}) ranked limit ${p(limit + 1)}`;
    const text =
      record && isRecordable(record, criteria.viewerId)
        ? recording(page, limit, record, criteria.viewerId, p)
        : page;
    // Statements are prepared under a name of their text: the shapes are few, the values are
    // parameters, and planning one cost more than running it (rings: 8.8 ms against 3.2 at 100k
    // profiles; the fenced one-ring statement of suggestions at 1M: 1.0–1.6 ms of planning and
    // ~0.5 ms of parsing for 1.7 of execution). PostgreSQL then runs a generic plan after five runs
    // when it costs no more than the custom ones, which measured well for rings (1M: dense search
    // p50 32.5 → 19.0 ms) and for the fenced statement, whose generic plan is the tag-cell index
    // scan its custom plans make. An unfenced one-ring statement is planned for its values each
    // time: without them PostgreSQL chose the grid index for suggestions (p50 31.9 → 107 ms).
    // Which plan runs never changes the answer (the property test).
    if (parts.length === 1 && !parts[0]!.fenced) return { statement: sql<unknown[], Row>(text), params };
    const name = `kindred_discovery_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    return { statement: sql<unknown[], Row>(text, { prepare: name }), params };
  }

  private ringQuery(
    criteria: DiscoveryCriteria,
    limit: number,
    browse: BrowsePosition | null,
    ring: Ring,
    p: (value: unknown) => string,
    only: readonly string[] | null = null,
    fence = false,
  ): { text: string; fenced: boolean } {
    const { latitude: olat, longitude: olon } = criteria.origin;
    const today = criteria.today.toISOString().slice(0, 10);
    // Placeholders are numbered as the pieces are built, not in the order they are read.
    // Most candidates share no interest with the viewer: `&&` answers that without unnesting.
    const viewerTags = p([...criteria.viewerInterests]);
    const select = (from: string) => `
        select u.id,
               greatest(1, floor(2 * ${EARTH_KM} * asin(least(1, sqrt(hv.h))) + 0.5))::int as dist,
               (case when u.interests && ${viewerTags}::text[]
                     then (select count(*) from unnest(u.interests) t where t = any(${viewerTags}::text[])) else 0 end)::int as common,
               extract(year from age(${p(today)}::date, u.birth_date))::int as age,
               u.fame_rating as fame
          from ${from} u
          cross join lateral (select sin((u.grid_lat - ${p(olat)}) * ${R} / 2) as a, sin((u.grid_lon - ${p(olon)}) * ${R} / 2) as b) s
          cross join lateral (select s.a * s.a + (select cos(${p(olat)} * ${R})) * cos(u.grid_lat * ${R}) * s.b * s.b as h) hv`;
    // Placeholders of the tag-cell tokens asked for, one per tag (below).
    const tagCells: string[] = [];
    const where = [
      'u.discoverable',
      `u.id <> ${p(criteria.viewerId)}::uuid`,
      `u.gender = any(${p([...criteria.viewerSeeks])}::text[])`,
      `(u.sexual_preference is null or ${p(criteria.viewerGender)}::text = any(u.sexual_preference))`,
      `u.fame_rating between ${p(criteria.fameMin)} and ${p(criteria.fameMax)}`,
      // The age range as a range of birth dates: a comparison per candidate instead of age() twice.
      // Values computed from parameters alone sit in scalar subqueries (InitPlans, computed once): a
      // generic plan otherwise computes them again for every candidate, as for cos(origin) above.
      `u.birth_date <= (select (${p(today)}::date - make_interval(years => ${p(criteria.ageMin)}::int))::date)`,
      `u.birth_date > (select (${p(today)}::date - make_interval(years => ${p(criteria.ageMax + 1)}::int))::date)`,
      // Suspended, banned and hidden members: a small set, computed once per query (an InitPlan).
      `u.id <> all(array(${SUSPENDED_IDS(`${p(criteria.today)}::timestamptz`)} union all ${HIDDEN_BY_REPORTS(
        `${p(criteria.hiding.since)}::timestamptz`,
        `${p(criteria.hiding.reporters)}::int`,
        `${p(criteria.today)}::timestamptz`,
      )}))`,
    ];
    if (criteria.interests.length > 0) where.push(`u.interests @> ${p([...criteria.interests])}::text[]`);
    if (only) where.push(`u.id = any(${p([...only])}::uuid[])`);
    // The viewer's own relations (blocks either way, reports, likes, members the browse showed) are
    // checked last, on the best candidates in order, until the page is full: each is a probe per
    // candidate, and a dense band has over a thousand candidates for a page of 20. Beside each,
    // how many rows it has for this viewer: no more candidates than that can it leave out.
    const viewer = p(criteria.viewerId);
    const late: { condition: string; rows: string }[] = [
      {
        condition: `not exists (select 1 from blocks b where (b.blocker_id = ranked.id and b.blocked_id = ${viewer}::uuid) or (b.blocked_id = ranked.id and b.blocker_id = ${viewer}::uuid))`,
        rows: `(select count(*) from blocks b where b.blocked_id = ${viewer}::uuid or b.blocker_id = ${viewer}::uuid)`,
      },
      {
        condition: `not exists (select 1 from reports r where r.reported_id = ranked.id and r.reporter_id = ${viewer}::uuid)`,
        rows: `(select count(*) from reports r where r.reporter_id = ${viewer}::uuid)`,
      },
    ];
    // Nothing was recorded under an id that is not a uuid; pages past the int column hold nothing either.
    if (browse && browse.page > 0 && isUuid(browse.browseId)) {
      const [id, before] = [p(browse.browseId), p(Math.min(browse.page, MAX_PAGE))];
      const earlier = `s.browse_id = ${id}::uuid and s.page < ${before}::int`;
      late.push({
        // The members earlier pages showed, gathered once (an InitPlan), then compared in memory.
        condition: `ranked.id <> all(array(select x from discovery_pages s cross join unnest(s.user_ids) x where ${earlier}))`,
        rows: `(select coalesce(sum(cardinality(s.user_ids)), 0) from discovery_pages s where ${earlier})`,
      });
    }
    if (criteria.excludeLiked)
      late.push({
        condition: `not exists (select 1 from likes l where l.liked_id = ranked.id and l.liker_id = ${viewer}::uuid)`,
        rows: `(select count(*) from likes l where l.liker_id = ${viewer}::uuid)`,
      });
    // The true distance a candidate can have: shown distances are `max(1, floor(d + 0.5))`, so
    // "≤ maxDistanceKm" is d < max + 0.5 and the ring's "< toKm" is d < toKm − 0.5.
    const reach = Math.min(
      criteria.maxDistanceKm === null ? Infinity : criteria.maxDistanceKm + 0.5,
      ring.toKm === null ? Infinity : ring.toKm - 0.5,
    );
    if (reach !== Infinity) {
      const box = boxAround(olat, olon, reach);
      where.push(...boxConditions(box, p));
      // Interests within a radius: per tag, "this tag in one of the box's 1° cells, on a member of a
      // gender sought" on the tag-cell GIN index (migrations 0009, 0017), so only members who have
      // the tags, live nearby and are of a gender sought are read. The plain `interests @> …` and
      // `gender = any(…)` above stay the rule; these only narrow what the index returns.
      const cells = cellsOf(box);
      if (cells !== null)
        for (const tag of criteria.interests.slice(0, 3))
          tagCells.push(
            p(cells.flatMap((cell) => criteria.viewerSeeks.map((gender) => `${tag}@${cell}@${gender}`))),
          );
    }

    const keys = keyExpressions(criteria, ring);
    const outer: string[] = [];
    // Shown distances are whole km, so a ring that ends within the radius (dist < toKm, that is
    // dist ≤ toKm − 1 ≤ max) needs no check of the radius: one haversine less per candidate of its box.
    if (criteria.maxDistanceKm !== null && (ring.toKm === null || ring.toKm - 1 > criteria.maxDistanceKm))
      outer.push(`dist <= ${p(criteria.maxDistanceKm)}`);
    if (ring.fromKm > 1) outer.push(`dist >= ${p(ring.fromKm)}`);
    if (ring.toKm !== null) outer.push(`dist < ${p(ring.toKm)}`);

    // The sort keys are columns of `ranked`, so the outer ORDER BY is the order `ranked` already has
    // (no second sort) and the late conditions run on its rows in turn, stopping at the LIMIT. The
    // inner LIMIT keeps its sort a top-N one: the page, and as many as the late conditions can drop.
    const order = [...keys.map((_, i) => `k${i}`), 'id'].join(', ');
    const pageRows = p(limit + 1);
    const head = `
      select id, dist, common, age, fame from (
        select id, dist, common, age, fame, ${keys.map((key, i) => `${key} as k${i}`).join(', ')} from (`;
    // `offset 0` keeps `candidates` a subquery of its own: its distance is computed once per
    // candidate, where pulled up into this one, every use of `dist` (radius, ring edges, band,
    // sort key, answer) computed the haversine again.
    const tail = `
      offset 0) candidates
      ${outer.length > 0 ? `where ${outer.join(' and ')}` : ''}
      order by ${order}
      limit ${pageRows} + ${late.map((l) => l.rows).join(' + ')}
      ) ranked
      where ${late.map((l) => l.condition).join('\n        and ')}
      order by ${order}
      limit ${pageRows}`;
    if (!fence || tagCells.length === 0) {
      where.push(...tagCells.map((tokens) => tagCellsMatch('u.', tokens)));
      return {
        text: `${head}${select('users')}
         where ${where.join('\n           and ')}${tail}`,
        fenced: false,
      };
    }
    // The fence: the members the tag-cell index returns, read first (a materialized CTE), then the
    // rule's conditions on them. Its plan is the same whether PostgreSQL knows the values or not, so
    // the statement can be prepared. Without values it read the grid index instead (62,000 entries
    // for 128 candidates in Paris at 1M, 34 ms against 2.7); with them it could too, and did for one
    // tag within 25 km (60 ms against 16).
    return {
      text: `
      with tagged as materialized (
        select id, discoverable, grid_lat, grid_lon, interests, birth_date, fame_rating, gender, sexual_preference
          from users
         where discoverable and ${tagCells.map((tokens) => tagCellsMatch('', tokens)).join(' and ')})
      ${head}${select('tagged')}
         where ${where.join('\n           and ')}${tail}`,
      fenced: true,
    };
  }

  private toRanked(criteria: DiscoveryCriteria, row: Row): Ranked {
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

/**
 * `find`'s query that also records its page when more remain (a browse that goes on), so that a
 * page costs one round trip and one commit instead of two (ADR 0004 has the figures). The page is
 * one row of `discovery_pages` (migration 0019): whom it showed, in the order of the answer, but for
 * members an earlier record of the browse holds (they keep their first page and place). The first
 * page recorded starts the browse for its viewer at `at`; later ones are recorded only in the
 * viewer's own browse, under its start. The table is unlogged and references no logged row, so the commit
 * writes no WAL, waits for no flush and locks no member's row. A page recorded again (concurrent
 * requests for it) gains the members it did not hold.
 */
function recording(
  page: string,
  limit: number,
  { position, at }: PageRecord,
  viewerId: string,
  p: (value: unknown) => string,
): string {
  const [id, viewer, rows, number] = [p(position.browseId), p(viewerId), p(limit), p(position.page)];
  return `
    with page as materialized (${page}),
    numbered as materialized (select page.*, row_number() over () as position from page),
    more as (select count(*) > ${rows}::int as more from numbered),
    -- The browse's pages recorded so far, read once for both uses below.
    recorded as materialized (
      select r.started_at, r.viewer_id, r.user_ids from discovery_pages r where r.browse_id = ${id}::uuid
    ),
    -- The browse's start: as its pages say, or now for a browse not recorded yet; no row when its
    -- pages are another member's.
    browse as (
      select coalesce(min(b.started_at), ${p(at)}::timestamptz) as started_at from recorded b
      having bool_and(b.viewer_id = ${viewer}::uuid) is not false
    ),
    shown as (
      insert into discovery_pages as d (browse_id, page, viewer_id, started_at, user_ids)
      select ${id}::uuid, ${number}::int, ${viewer}::uuid, browse.started_at,
             array(select n.id from numbered n
                    where n.position <= ${rows}::int and not exists (select 1 from recorded r where n.id = any(r.user_ids))
                    order by n.position)
        from more, browse
       where more.more
      -- another member's browse stays theirs
      on conflict (browse_id, page) do update set user_ids = d.user_ids || excluded.user_ids
       where d.viewer_id = excluded.viewer_id
    )
    select id, dist, common, age, fame from numbered order by position`;
}

/** A record the tables can hold (a cursor's browse id is the client's text): any other is not made. */
const isRecordable = ({ position }: PageRecord, viewerId: string) =>
  isUuid(position.browseId) && isUuid(viewerId) && isPage(position.page);

/** A member's tag-cell tokens (migration 0017) include one of `tokens` (a placeholder of a text array). */
const tagCellsMatch = (alias: string, tokens: string) =>
  `kindred_tag_cells(${alias}interests, ${alias}grid_lat, ${alias}grid_lon, ${alias}gender) && ${tokens}::text[]`;

/** Whole-km distances `[fromKm, toKm)`; `toKm` null: no upper bound. */
interface Ring {
  readonly fromKm: number;
  readonly toKm: number | null;
}

const WHOLE: Ring = { fromKm: 1, toKm: null };
const RING_EDGES = [1, 2, 5, 25, 100, 400, 1600, 6400];

/** `best`'s distance bands as rings: `[1, 5)`, `[5, 25)`, `[25, 100)`, `[100, ∞)` whole km. */
const BAND_EDGES = [1, ...DISTANCE_BAND_LIMITS_KM];

/**
 * The rings to read, in order: every row of an inner ring comes before every
 * row of an outer one, so reading them in turn and stopping once a page is
 * full gives the very same page as one query over all.
 * - `distance` ascending: RING_EDGES.
 * - `best` without interests asked for: its distance bands, which come first
 *   in its order. In a dense city the nearest band fills the page, and the
 *   query no longer ranks everyone within 100 km (default suggestions in
 *   Paris at 1M: ~100 ms of SQL as one query).
 * - `best` with interests stays one query (fenced on the tag-cell index, see
 *   ringQuery): those filters mostly leave the inner bands short of a page,
 *   and bands only added work (measured when rings were introduced).
 */
function rings(criteria: DiscoveryCriteria): Ring[] {
  const ascendingDistance = criteria.sort === 'distance' && criteria.order !== 'desc';
  const bands = criteria.sort === 'best' && criteria.interests.length === 0;
  if (!ascendingDistance && !bands) return [WHOLE];
  const edges = bands ? BAND_EDGES : RING_EDGES;
  const max = criteria.maxDistanceKm;
  return edges
    .map((fromKm, i) => ({ fromKm, toKm: edges[i + 1] ?? null }))
    .filter((ring) => max === null || ring.fromKm <= max);
}

/** The largest page number the `int` column holds; later pages hold nothing and leave out everything recorded. */
const MAX_PAGE = 2 ** 31 - 1;
const isPage = (page: number) => Number.isSafeInteger(page) && page >= 0 && page <= MAX_PAGE;

/** A placeholder maker over `params`: each value given is bound as `$n`, in the order the text is written. */
function placeholders(params: unknown[]): (value: unknown) => string {
  return (value) => {
    params.push(value);
    return `$${params.length}`;
  };
}
