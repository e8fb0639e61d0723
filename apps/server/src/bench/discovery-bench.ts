import argon2 from 'argon2';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { OWASP_ARGON2ID } from '@kindred/adapters-security';
import { MikroOrmUserRepository, SqlDiscoveryRepository, createOrm } from '@kindred/adapters-persistence';
import { discoveryCriteria, type DiscoveryCriteria, type DiscoveryQuery } from '@kindred/domain';
import { CITIES, INTEREST_VOCABULARY } from '../seed/cities.js';
import { startBenchServer } from './bench-server.js';
import { cpuSeconds } from './cpu-meter.js';
import { call } from './http-client.js';

/**
 * `npm run bench:discovery`: loads N profiles clustered around cities by
 * population (bulk SQL, not the API), then measures suggestions (with two
 * interests, and with no parameter) and search over HTTP for a viewer in a
 * dense capital and one in a sparse region, next
 * to the raw SQL time of the same query (EXPLAIN ANALYZE) and a naive
 * full-scan haversine query. BENCH_SIZES=10000,100000,1000000 by default;
 * with DATABASE_URL, profiles an earlier run loaded there are reused.
 */
const SIZES = (process.env.BENCH_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const WARMUP = 50;
/**
 * Before each size is measured, the server is warmed with WARMUP_ROUNDS rounds of WARMUP_ROUND
 * requests to every path in turn: a fresh server's CPU per request falls from ~3 ms to ~0.5 ms
 * over its first few thousand requests (V8 compiling the hot paths on its background threads), and
 * rises again after it idled through a bulk load (V8 drops code left unused: 1.8–4.4 ms a request
 * at 1M after 50 a path, and still 2.1–2.4 ms on average over 500 a path, measured 2026-12-07).
 * A server in service has long passed both. The rounds' CPU per request is printed.
 */
const WARMUP_ROUND = 250;
const WARMUP_ROUNDS = Number(process.env.BENCH_WARMUP_ROUNDS ?? 5);
const PASSWORD = 'benchmark horse battery';
const VIEWERS = {
  'dense (Paris)': { latitude: 48.8566, longitude: 2.3522 },
  'sparse (Aurillac)': { latitude: 44.9264, longitude: 2.4397 },
} as const;
const SUGGESTIONS: DiscoveryQuery & { path: string } = {
  path: '/api/v1/suggestions?sort=best&maxDistanceKm=100&interests=hiking,music',
  sort: 'best',
  maxDistanceKm: 100,
  interests: ['hiking', 'music'],
};
/** What an app asks first: no parameter, the defaults' radius, nobody's interests required. */
const DEFAULT_SUGGESTIONS: DiscoveryQuery & { path: string } = { path: '/api/v1/suggestions' };
const SEARCH: DiscoveryQuery & { path: string } = {
  path: '/api/v1/search?ageMin=25&ageMax=40&fameMin=1&fameMax=8&maxDistanceKm=50',
  ageMin: 25,
  ageMax: 40,
  fameMin: 1,
  fameMax: 8,
  maxDistanceKm: 50,
};

const total = CITIES.reduce((s, c) => s + c.population, 0);
let cumulative = 0;
const cityRows = CITIES.map((c) => {
  const lo = cumulative / total;
  cumulative += c.population;
  return `(${c.latitude}, ${c.longitude}, ${lo}, ${cumulative / total}, '${c.name}')`;
}).join(', ');
const vocabulary = `array[${INTEREST_VOCABULARY.map((t) => `'${t}'`).join(', ')}]`;

/** Rows `from`..`to` in one statement: gaussian spread (~10 km) around a population-weighted city. */
async function load(client: pg.Client, from: number, to: number, hash: string): Promise<void> {
  await client.query('set session_replication_role = replica'); // no FK checks or NOTIFY triggers during the bulk load
  await client.query(
    `with cities(lat, lon, lo, hi, name) as (values ${cityRows}),
     rows as (
       select i, random() + 0 * i as r, random() + 0 * i as g1, random() + 0 * i as g2, random() + 0 * i as g3,
              random() + 0 * i as a, random() + 0 * i as f, gen_random_uuid() as picture
         from generate_series($1::int, $2::int) i
     )
     insert into users (id, username, username_key, email, email_verified, password_hash, first_name, last_name,
                        birth_date, gender, sexual_preference, biography, interests, social_links,
                        latitude, longitude, location_source, city, grid_lat, grid_lon, profile_picture_id,
                        fame_rating, created_at, updated_at)
     select gen_random_uuid(), 'bench' || i, 'bench' || i, 'bench' || i || '@bench.test', true, $3, 'Bench', 'User',
            (current_date - ((18 + a * 45) * 365.25)::int), 
            (case when g3 < 0.47 then 'female' when g3 < 0.94 then 'male' else 'nonbinary' end),
            (case when f < 0.6 then (case when g3 < 0.47 then array['male'] else array['female'] end) when f < 0.75 then null else array['female', 'male'] end),
            'Hello', 
            array(select v from unnest(${vocabulary}) v where random() + 0 * i < 0.08) || array[(${vocabulary})[1 + (i % ${INTEREST_VOCABULARY.length})]],
            '{}'::jsonb,
            lat + sqrt(-2 * ln(1 - g1)) * cos(2 * pi() * g2) * 10 / 111,
            lon + sqrt(-2 * ln(1 - g1)) * sin(2 * pi() * g2) * 10 / (111 * cos(radians(lat))),
            'manual', name, 0, 0, picture, round((f * 10)::numeric, 2), now(), now()
       from rows join cities on rows.r >= cities.lo and rows.r < cities.hi`,
    [from, to, hash],
  );
  await client.query(
    `update users set grid_lat = round(latitude * 100) / 100, grid_lon = round(longitude * 100) / 100 where username like 'bench%' and grid_lat = 0`,
  );
  await client.query(
    `insert into pictures (id, user_id, key, content_type, width, height, created_at)
     select profile_picture_id, id, 'bench-' || id || '.jpg', 'image/jpeg', 600, 800, now() from users u
      where username like 'bench%' and not exists (select 1 from pictures p where p.id = u.profile_picture_id)`,
  );
  await client.query('set session_replication_role = origin');
  // As autovacuum would soon after a bulk load, and the checkpoint that follows it writing out the
  // load's dirty pages: measuring while either runs would measure the load's aftermath.
  await client.query('vacuum (analyze) users');
  // (A role without pg_checkpoint cannot ask for one: then the measures start right away.)
  await client.query('checkpoint').catch(() => {});
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
}

/**
 * Runs `warm` WARMUP times untimed, then `timed` `count` times, `concurrency` at a time, and answers
 * the percentiles of what `timed` measured. The warm-up pays for the JIT and for the first five runs
 * of each prepared statement on each pooled connection, planned for their values before PostgreSQL
 * settles on a plan. `timed` is given `time`, which times the work it is handed: what it does
 * around that (a first page before the second) is not timed.
 */
async function measure(
  count: number,
  concurrency: number,
  warm: () => Promise<unknown>,
  timed: (time: (work: () => Promise<unknown>) => Promise<void>) => Promise<void>,
): Promise<Percentiles> {
  const times: number[] = [];
  let warmup = WARMUP;
  let left = count;
  const time = async (work: () => Promise<unknown>) => {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  };
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (warmup-- > 0) await warm();
      while (left-- > 0) await timed(time);
    }),
  );
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99) };
}

/** Latencies of first pages, or with `secondPage` of the page after each first one (the first not timed). */
function latencies(
  url: string,
  token: string,
  count: number,
  { concurrency = 4, secondPage = false } = {},
): Promise<Percentiles> {
  const get = (target: string) => getOk(target, token);
  return measure(
    count,
    concurrency,
    () => get(url),
    async (time) => {
      let target = url;
      if (secondPage) {
        const first = JSON.parse((await get(url)).toString()) as { nextCursor: string | null };
        if (!first.nextCursor) throw new Error(`${url} has a single page`);
        target = `${url}${url.includes('?') ? '&' : '?'}cursor=${first.nextCursor}`;
      }
      await time(() => get(target));
    },
  );
}

/** A page's body, or an error when the server answers other than 200. */
async function getOk(url: string, token: string): Promise<Buffer> {
  const { status, body } = await call(url, token);
  if (status !== 200) throw new Error(`${url} answered ${status}`);
  return body;
}

/** `count` first pages, 4 in flight, untimed. */
async function warm(url: string, token: string, count: number): Promise<void> {
  let left = count;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (left-- > 0) await getOk(url, token);
    }),
  );
}

/**
 * The first page's statement alone, recording its page as the server's does, from this process
 * through the server's own repository, 4 in flight on 4 pooled connections: the SQL under the load
 * the HTTP figures were measured under (its round trips, commits and the database's share of the
 * 2 cores), where EXPLAIN ANALYZE times it on an idle database.
 */
function sqlLatencies(
  repository: SqlDiscoveryRepository,
  criteria: DiscoveryCriteria,
  count: number,
): Promise<Percentiles> {
  const find = () =>
    repository.find(criteria, 20, null, {
      position: { browseId: randomUUID(), page: 0 },
      at: criteria.today,
    });
  return measure(count, 4, find, (time) => time(find));
}

const ms = (x: number) => `${x.toFixed(1)} ms`;
/** How a statement PostgreSQL did not give a generic plan runs. */
const statementKind = (rings: number) => (rings > 1 ? 'prepared, custom plans' : 'planned each time');

async function main() {
  const server = await startBenchServer();
  const client = new pg.Client({ connectionString: server.databaseUrl });
  await client.connect();
  const orm = await createOrm({ databaseUrl: server.databaseUrl, poolSize: 4 });
  const users = new MikroOrmUserRepository(orm);
  const sql = new SqlDiscoveryRepository(orm);
  const hash = await argon2.hash(PASSWORD, OWASP_ARGON2ID);
  try {
    // The two viewers: complete profiles, interests hiking and music.
    const tokens: Record<string, string> = {};
    for (const [name, at] of Object.entries(VIEWERS)) {
      const username = name.startsWith('dense') ? 'viewer_dense' : 'viewer_sparse';
      await client.query('set session_replication_role = replica');
      await client.query(
        `insert into users (id, username, username_key, email, email_verified, password_hash, first_name, last_name, birth_date, gender,
                            sexual_preference, biography, interests, social_links, latitude, longitude, location_source, grid_lat, grid_lon,
                            profile_picture_id, fame_rating, created_at, updated_at)
         values (gen_random_uuid(), $1, $1, $5, true, $2, 'V', 'W', '1992-01-01', 'male', array['female'], 'Hi',
                 array['hiking', 'music'], '{}', $3::float8, $4::float8, 'manual', round($3::float8 * 100) / 100, round($4::float8 * 100) / 100, gen_random_uuid(), 5, now(), now())
         on conflict do nothing`,
        [username, hash, at.latitude, at.longitude, `${username}@bench.test`],
      );
      await client.query(
        `insert into pictures select profile_picture_id, id, 'v-' || id || '.jpg', 'image/jpeg', 1, 1, now() from users where username = $1
         on conflict do nothing`,
        [username],
      );
      await client.query('set session_replication_role = origin');
      const login = await fetch(`${server.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: PASSWORD }),
      });
      tokens[name] = ((await login.json()) as { accessToken: string }).accessToken;
    }

    const firstP95: Record<string, number> = {};
    console.log(
      `Kindred discovery benchmark — ${REQUESTS} requests per measure after ${WARMUP} untimed, 4 concurrent`,
    );
    for (const size of SIZES) {
      const started = performance.now();
      // A database that already holds the profiles (DATABASE_URL of an earlier run) is measured as it is.
      const { rows } = await client.query<{ n: number }>(
        `select count(*)::int as n from users where username like 'bench%'`,
      );
      if (rows[0]!.n < size) await load(client, rows[0]!.n + 1, size, hash);
      console.log(
        `\n${size.toLocaleString('en')} profiles (bulk load ${((performance.now() - started) / 1000).toFixed(1)} s)`,
      );
      // Every path before any is measured, as a server that has run a while has: otherwise the
      // first measures pay for the JIT and the heap's growth of the code all of them share.
      const paths = [SUGGESTIONS, DEFAULT_SUGGESTIONS, SEARCH].map(({ path }) => `${server.url}${path}`);
      const rounds: number[] = [];
      for (let round = 0; round < WARMUP_ROUNDS; round++) {
        const before = await cpuSeconds(server.pid);
        for (const token of Object.values(tokens))
          for (const url of paths) await warm(url, token, WARMUP_ROUND);
        const requests = WARMUP_ROUND * paths.length * Object.keys(tokens).length;
        rounds.push((((await cpuSeconds(server.pid)).server - before.server) * 1000) / requests);
      }
      console.log(
        `  warm-up: ${WARMUP_ROUNDS} rounds of ${WARMUP_ROUND} requests a path; the server's CPU per request, round after round: ${rounds.map(ms).join(', ')}`,
      );
      for (const [name, token] of Object.entries(tokens)) {
        const username = name.startsWith('dense') ? 'viewer_dense' : 'viewer_sparse';
        const viewer = (await users.findByUsername(username))!;
        for (const [label, kind, query] of [
          ['suggestions', 'suggestions', SUGGESTIONS],
          ['default suggestions', 'suggestions', DEFAULT_SUGGESTIONS],
          ['search', 'search', SEARCH],
        ] as const) {
          // CPU per request of the server, PostgreSQL and this load generator: on 2 cores with 4
          // requests in flight, p50 is about twice their sum, whatever the SQL alone takes.
          const cpuBefore = await cpuSeconds(server.pid);
          const ownBefore = process.cpuUsage();
          const http = await latencies(`${server.url}${query.path}`, token, REQUESTS);
          const own = process.cpuUsage(ownBefore);
          const cpuAfter = await cpuSeconds(server.pid);
          // The warm-up requests ran inside the same CPU window.
          const perRequest = (seconds: number) => ms((seconds * 1000) / (REQUESTS + WARMUP));
          const cpu = `CPU per request: server ${perRequest(cpuAfter.server - cpuBefore.server)}, PostgreSQL ${perRequest(
            cpuAfter.postgres - cpuBefore.postgres,
          )}, load generator ${perRequest((own.user + own.system) / 1e6)}`;
          const criteria = discoveryCriteria(kind, viewer, query, new Date());
          const {
            executionMs: sqlMs,
            planningMs,
            roundTripMs,
            rings,
            generic,
          } = await sql.explain(criteria, 20);
          const loaded = await sqlLatencies(sql, criteria, REQUESTS);
          // One request at a time: what a request costs without waiting for the others' CPU.
          const alone = await latencies(`${server.url}${query.path}`, token, REQUESTS / 4, {
            concurrency: 1,
          });
          if (process.env.BENCH_PLAN) {
            const { text, params } = sql.plan(criteria, 20);
            const plan = await client.query<Record<string, string>>(
              `explain (analyze, buffers) ${text}`,
              params,
            );
            console.log(plan.rows.map((row) => Object.values(row)[0]).join('\n'));
          }
          const naive = (await client.query(
            `explain (analyze, format json)
             select id from users where discoverable and id <> $3 and
               2 * 6371.0088 * asin(least(1, sqrt(sin(radians(latitude - $1) / 2) ^ 2 + cos(radians($1)) * cos(radians(latitude)) * sin(radians(longitude - $2) / 2) ^ 2))) <= ${Number(criteria.maxDistanceKm ?? 20000)}
             order by 2 * 6371.0088 * asin(least(1, sqrt(sin(radians(latitude - $1) / 2) ^ 2 + cos(radians($1)) * cos(radians(latitude)) * sin(radians(longitude - $2) / 2) ^ 2))) limit 20`,
            [criteria.origin.latitude, criteria.origin.longitude, viewer.id],
          )) as pg.QueryResult<{ 'QUERY PLAN': { 'Execution Time': number }[] }>;
          const naiveMs = naive.rows[0]!['QUERY PLAN'][0]!['Execution Time'];
          const key = `${name} ${label}`;
          firstP95[key] ??= http.p95;
          console.log(
            `  ${key.padEnd(32)} HTTP p50 ${ms(http.p50)}, p95 ${ms(http.p95)}, p99 ${ms(http.p99)} | SQL ${ms(sqlMs)} + planning ${ms(planningMs)} (1 query, ${rings} ring${rings > 1 ? 's' : ''}); as the server runs it ${ms(roundTripMs)} a round trip (${generic ? 'prepared, generic plan' : statementKind(rings)}) | server's share of p50 ${ms(http.p50 - sqlMs)} (goal ≤ 5 ms), one at a time p50 ${ms(alone.p50)}\n  ${''.padEnd(32)} the statement alone, 4 in flight: p50 ${ms(loaded.p50)}, p95 ${ms(loaded.p95)} | server's share of p50 at that load ${ms(http.p50 - loaded.p50)} | naive full scan ${ms(naiveMs)} (${(naiveMs / sqlMs).toFixed(0)}× slower) | p95 growth ${(http.p95 / firstP95[key]!).toFixed(1)}×\n  ${''.padEnd(32)} ${cpu}`,
          );
          // The next page of a browse leaves out whom the first showed: what it costs on top.
          const label2 = `${key}, page 2`.padEnd(32);
          const probe = await fetch(`${server.url}${query.path}`, {
            headers: { authorization: `Bearer ${token}` },
          });
          if (((await probe.json()) as { nextCursor: string | null }).nextCursor) {
            const next = await latencies(`${server.url}${query.path}`, token, REQUESTS / 2, {
              secondPage: true,
            });
            console.log(`  ${label2} HTTP p50 ${ms(next.p50)}, p95 ${ms(next.p95)}, p99 ${ms(next.p99)}`);
          } else console.log(`  ${label2} (a single page)`);
        }
      }
    }
  } finally {
    await orm.close(true);
    await client.end();
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
