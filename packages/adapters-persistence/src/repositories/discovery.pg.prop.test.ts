import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import {
  GENDERS,
  NO_SOCIAL_LINKS,
  SORTS,
  compareRanked,
  haversineKm,
  hidingRule,
  isHiddenByReports,
  isSuspended,
  rankCandidate,
  snap,
  type BrowsePosition,
  type DiscoveryCriteria,
  type Gender,
  type Ranked,
  type User,
} from '@kindred/domain';
import { createTestDatabase } from '../../../../test-support/test-database.js';
import { createOrm, migrate, type Orm } from '../orm.js';
import { SqlDiscoveryRepository } from './sql-discovery-repository.js';
import { toUserRow } from './user-mapper.js';

let orm: Orm;
let discovery: SqlDiscoveryRepository;
// The same queries on connections that run every prepared statement with a generic plan, the one
// PostgreSQL switches to after five runs: which plan runs must never change an answer.
let genericOrm: Orm;
let generic: SqlDiscoveryRepository;

beforeAll(async () => {
  const databaseUrl = await createTestDatabase('discovery_prop');
  orm = await createOrm({ databaseUrl });
  await migrate(orm);
  discovery = new SqlDiscoveryRepository(orm);
  genericOrm = await createOrm({ databaseUrl, planCacheMode: 'force_generic_plan' });
  generic = new SqlDiscoveryRepository(genericOrm);
});
afterAll(async () => {
  await genericOrm?.close();
  await orm?.close();
});

const TODAY = new Date('2026-11-22T12:00:00.000Z');
const VOCABULARY = ['tea', 'chess', 'hiking', 'jazz', 'rust'];
const gender = fc.constantFrom(...GENDERS);

// Half across ~150 km, half within a few km of one spot, so the nearest rings, their boxes and
// their edges (whole km 1, 2, 5) are exercised as much as the wide ones.
const position = fc.oneof(
  fc.record({
    latitude: fc.double({ min: 48, max: 49.5, noNaN: true }),
    longitude: fc.double({ min: 1.5, max: 3.5, noNaN: true }),
  }),
  fc.record({
    latitude: fc.double({ min: 48.83, max: 48.89, noNaN: true }),
    longitude: fc.double({ min: 2.31, max: 2.39, noNaN: true }),
  }),
);

const member = fc
  .record({
    gender,
    seeks: fc.option(fc.uniqueArray(gender, { minLength: 1, maxLength: 3 }), { nil: null, freq: 2 }),
    birthYear: fc.integer({ min: 1950, max: 2008 }),
    birthMonth: fc.integer({ min: 1, max: 12 }),
    birthDay: fc.integer({ min: 1, max: 28 }),
    fame: fc.integer({ min: 0, max: 1000 }).map((n) => n / 100),
    interests: fc.uniqueArray(fc.constantFrom(...VOCABULARY), { minLength: 1, maxLength: 4 }),
    position,
    // Mostly active; some suspended (still, or no more at TODAY) and banned.
    standing: fc.constantFrom('active', 'active', 'active', 'suspended', 'expired', 'banned'),
    verified: fc.integer({ min: 0, max: 9 }).map((n) => n < 9),
    complete: fc.integer({ min: 0, max: 9 }).map((n) => n < 8),
  })
  .map(({ position: at, ...rest }) => ({ ...rest, ...at }));

const relation = fc.record({
  other: fc.nat(),
  blockedBy: fc.constantFrom('viewer', 'other', 'none'),
  reported: fc.boolean(),
  liked: fc.boolean(),
});

/** Reports between members other than the viewer, of every status and age around the 30-day window. */
const othersReport = fc.record({
  reporter: fc.nat(),
  reported: fc.nat(),
  status: fc.constantFrom<'open' | 'dismissed' | 'actioned'>('open', 'open', 'open', 'dismissed', 'actioned'),
  daysAgo: fc.constantFrom(0, 1, 29, 30, 31),
});

const criteriaArb = fc.record({
  sort: fc.constantFrom(...SORTS),
  order: fc.constantFrom<'asc' | 'desc' | null>('asc', 'desc', null),
  maxDistanceKm: fc.option(fc.integer({ min: 1, max: 400 }), { nil: null, freq: 1 }),
  ageMin: fc.integer({ min: 18, max: 50 }),
  ageSpan: fc.integer({ min: 0, max: 102 }),
  fameMin: fc.integer({ min: 0, max: 6 }),
  fameSpan: fc.integer({ min: 0, max: 10 }),
  interests: fc.uniqueArray(fc.constantFrom(...VOCABULARY), { maxLength: 1 }),
  excludeLiked: fc.boolean(),
  pageSize: fc.integer({ min: 1, max: 4 }),
  hideAfterReporters: fc.integer({ min: 1, max: 3 }),
});

const id = (n: number) => `00000000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;

type Member = typeof member extends fc.Arbitrary<infer T> ? T : never;

function toUser(n: number, m: Member): User {
  return {
    id: id(n),
    username: `m${n}`,
    email: `m${n}@x.test`,
    pendingEmail: null,
    emailVerified: m.verified,
    passwordHash: 'x',
    firstName: 'M',
    lastName: 'N',
    birthDate: `${m.birthYear}-${String(m.birthMonth).padStart(2, '0')}-${String(m.birthDay).padStart(2, '0')}`,
    gender: m.gender as Gender,
    sexualPreference: m.seeks,
    biography: m.complete ? 'bio' : null,
    interests: m.interests,
    occupation: null,
    socialLinks: NO_SOCIAL_LINKS,
    location: { latitude: m.latitude, longitude: m.longitude, source: 'manual', city: null },
    pictures: [],
    profilePictureId: m.complete ? id(100_000 + n) : null,
    fameRating: m.fame,
    online: false,
    lastSeenAt: null,
    role: 'member',
    suspendedUntil:
      m.standing === 'suspended'
        ? new Date(TODAY.getTime() + 86_400_000)
        : m.standing === 'expired'
          ? new Date(TODAY.getTime() - 1000)
          : null,
    banned: m.standing === 'banned',
    createdAt: TODAY,
    updatedAt: TODAY,
  };
}

async function load(
  users: User[],
  relations: { viewer: string; other: string; blockedBy: string; reported: boolean; liked: boolean }[],
) {
  const conn = orm.em.getConnection();
  await conn.execute('truncate users, discovery_pages cascade');
  for (const user of users) {
    const row = toUserRow({ ...user, profilePictureId: null });
    const columns = Object.keys(row).map((k) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));
    const values = Object.values(row).map((v) =>
      Array.isArray(v)
        ? `{${v.join(',')}}`
        : v !== null && typeof v === 'object' && !(v instanceof Date)
          ? JSON.stringify(v)
          : v,
    );
    await conn.execute(
      `insert into users (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`,
      values,
    );
    if (user.profilePictureId) {
      await conn.execute(
        `insert into pictures (id, user_id, key, content_type, width, height, created_at) values (?, ?, ?, 'image/jpeg', 1, 1, now())`,
        [user.profilePictureId, user.id, `k${user.id}.jpg`],
      );
      await conn.execute('update users set profile_picture_id = ? where id = ?', [
        user.profilePictureId,
        user.id,
      ]);
    }
  }
  for (const r of relations) {
    if (r.blockedBy === 'viewer')
      await conn.execute('insert into blocks values (?, ?, now()) on conflict do nothing', [
        r.viewer,
        r.other,
      ]);
    if (r.blockedBy === 'other')
      await conn.execute('insert into blocks values (?, ?, now()) on conflict do nothing', [
        r.other,
        r.viewer,
      ]);
    if (r.reported)
      await conn.execute('insert into reports values (?, ?, null, now()) on conflict do nothing', [
        r.viewer,
        r.other,
      ]);
    if (r.liked)
      await conn.execute('insert into likes values (?, ?, now()) on conflict do nothing', [
        r.viewer,
        r.other,
      ]);
  }
}

describe('SQL discovery equals the domain reference rule', () => {
  const seen = { runs: 0, withResults: 0, multiPage: 0 };

  // 100 runs against a real PostgreSQL, each paging through two repositories: ~18 s in a full run
  // on 2 cores, more on a busy host (hence its own timeout).
  test.prop(
    [
      fc.array(member, { minLength: 8, maxLength: 25 }),
      fc.array(relation, { maxLength: 10 }),
      criteriaArb,
      fc.array(othersReport, { maxLength: 40 }),
    ],
    { numRuns: 100 },
  )(
    'every page, in order, each result once',
    async (members, rawRelations, c, rawReports) => {
      const users = members.map((m, n) => toUser(n, m));
      const viewer = users[0]!;
      const relations = rawRelations
        .map((r) => ({ ...r, viewer: viewer.id, other: users[1 + (r.other % (users.length - 1))]!.id }))
        .filter((r) => r.other !== viewer.id);
      await load(users, relations);
      const others = users.slice(1);
      const reports = rawReports
        .map((r) => ({
          ...r,
          reporter: others[r.reporter % others.length]!,
          reported: others[r.reported % others.length]!,
          at: new Date(TODAY.getTime() - r.daysAgo * 86_400_000),
        }))
        .filter(
          (r, i, all) =>
            r.reporter.id !== r.reported.id &&
            all.findIndex((o) => o.reporter === r.reporter && o.reported === r.reported) === i,
        );
      for (const r of reports)
        await orm.em
          .getConnection()
          .execute(
            'insert into reports (reporter_id, reported_id, reason, created_at, status) values (?, ?, null, ?, ?)',
            [r.reporter.id, r.reported.id, r.at, r.status],
          );
      const hiding = hidingRule(c.hideAfterReporters, TODAY);
      const hidden = (u: User) =>
        isHiddenByReports(
          reports
            .filter((r) => r.reported.id === u.id)
            .map((r) => ({
              reporterId: r.reporter.id,
              status: r.status,
              createdAt: r.at,
              reporterSuspended: isSuspended(r.reporter, TODAY),
            })),
          hiding,
        );

      const criteria: DiscoveryCriteria = {
        viewerId: viewer.id,
        viewerGender: viewer.gender!,
        viewerSeeks: viewer.sexualPreference ?? GENDERS,
        viewerInterests: viewer.interests,
        origin: { latitude: snap(viewer.location!.latitude), longitude: snap(viewer.location!.longitude) },
        maxDistanceKm: c.maxDistanceKm,
        ageMin: c.ageMin,
        ageMax: Math.min(120, c.ageMin + c.ageSpan),
        fameMin: c.fameMin,
        fameMax: Math.min(10, c.fameMin + c.fameSpan),
        interests: c.interests,
        sort: c.sort,
        order: c.order,
        excludeLiked: c.excludeLiked,
        today: TODAY,
        hiding,
      };
      const expected = users
        .map((u) =>
          rankCandidate(criteria, u, {
            blockedEitherWay: relations.some((r) => r.other === u.id && r.blockedBy !== 'none'),
            reportedByViewer: relations.some((r) => r.other === u.id && r.reported),
            likedByViewer: relations.some((r) => r.other === u.id && r.liked),
            hiddenByReports: hidden(u),
          }),
        )
        .filter((r): r is Ranked => r !== null)
        .sort(compareRanked);

      // Paged as a browse: each page leaves out whom the earlier ones showed.
      const browse = async (repository: SqlDiscoveryRepository, browseId: string) => {
        const got: Ranked[] = [];
        let position: BrowsePosition | null = null;
        for (let guard = 0; guard < 50; guard++) {
          const recorded: BrowsePosition = position ?? { browseId, page: 0 };
          const page = await repository.find(criteria, c.pageSize, position, {
            position: recorded,
            at: TODAY,
          });
          got.push(...page.items);
          if (!page.more) break;
          position = { browseId, page: recorded.page + 1 };
        }
        return got.map((r) => [r.userId, r.distanceKm, r.commonInterests]);
      };
      const want = expected.map((r) => [r.userId, r.distanceKm, r.commonInterests]);
      expect(await browse(discovery, id(500_000 + seen.runs))).toEqual(want);
      expect(await browse(generic, id(600_000 + seen.runs))).toEqual(want);
      seen.runs += 1;
      if (expected.length > 0) seen.withResults += 1;
      if (expected.length > c.pageSize) seen.multiPage += 1;
    },
    90_000,
  );

  it('exercised non-empty and multi-page results, not only empty ones, and generic plans', async () => {
    const [mode] = await genericOrm.em
      .getConnection()
      .execute<{ plan_cache_mode: string }[]>('show plan_cache_mode');
    expect(mode!.plan_cache_mode).toBe('force_generic_plan');
    expect(seen.runs).toBeGreaterThanOrEqual(100);
    expect(seen.withResults / seen.runs).toBeGreaterThan(0.1);
    expect(seen.multiPage).toBeGreaterThan(0);
  });
});

describe('members right at the edge of a ring or of the radius', () => {
  // Grid positions within 150 m of each edge (the nearest ones) the query cuts at: the true distance below which the
  // shown distance is 1 (ring 1), under 5, under 25 (rings 2 and 3), at most 50 (the radius) and
  // under 100; on both sides. A box or ring drawn a little too small loses exactly these.
  it('finds everyone the reference finds, in its order (nearest first, and best by band)', async () => {
    const origin = { latitude: 48.86, longitude: 2.35 };
    const edges = [1.5, 4.5, 24.5, 50.5, 99.5];
    const spots: { latitude: number; longitude: number }[] = [];
    for (const edge of edges) {
      const steps = Math.ceil(edge / 0.7);
      const near: { latitude: number; longitude: number; d: number }[] = [];
      for (let i = -steps; i <= steps; i++)
        for (let j = -2 * steps; j <= 2 * steps; j++) {
          const at = {
            latitude: snap(origin.latitude + i / 100),
            longitude: snap(origin.longitude + j / 100),
          };
          const d = haversineKm(origin.latitude, origin.longitude, at.latitude, at.longitude);
          if (Math.abs(d - edge) < 0.15) near.push({ ...at, d });
        }
      const inside = near
        .filter((n) => n.d < edge)
        .sort((a, b) => b.d - a.d)
        .slice(0, 4);
      const outside = near
        .filter((n) => n.d >= edge)
        .sort((a, b) => a.d - b.d)
        .slice(0, 2);
      expect(inside.length).toBeGreaterThan(0);
      spots.push(...inside, ...outside);
    }
    const base: Member = {
      gender: 'female',
      seeks: null,
      birthYear: 1990,
      birthMonth: 1,
      birthDay: 1,
      fame: 5,
      interests: ['tea'],
      latitude: origin.latitude,
      longitude: origin.longitude,
      verified: true,
      standing: 'active',
      complete: true,
    };
    // Fame cycles with the distance, so `best` put in fame order instead of distance band first fails.
    const users = [base, ...spots.map((at, i) => ({ ...base, ...at, fame: i % 11 }))].map((m, n) =>
      toUser(n, m),
    );
    await load(users, []);
    for (const [sort, interests, maxDistanceKm] of [
      ['distance', [], 50],
      ['distance', [], null],
      ['best', [], 50],
      ['best', [], null],
      ['best', ['tea'], null],
    ] as const) {
      const criteria: DiscoveryCriteria = {
        viewerId: users[0]!.id,
        viewerGender: 'female',
        viewerSeeks: GENDERS,
        viewerInterests: ['tea'],
        origin,
        maxDistanceKm,
        ageMin: 18,
        ageMax: 120,
        fameMin: 0,
        fameMax: 10,
        interests,
        sort,
        order: null,
        excludeLiked: false,
        today: TODAY,
        hiding: hidingRule(3, TODAY),
      };
      const expected = users
        .map((u) =>
          rankCandidate(criteria, u, {
            blockedEitherWay: false,
            reportedByViewer: false,
            likedByViewer: false,
            hiddenByReports: false,
          }),
        )
        .filter((r): r is Ranked => r !== null)
        .sort(compareRanked);
      const page = await discovery.find(criteria, users.length, null);
      expect(page.items.map((r) => [r.userId, r.distanceKm])).toEqual(
        expected.map((r) => [r.userId, r.distanceKm]),
      );
      expect(expected.length).toBeGreaterThan(maxDistanceKm === null ? 20 : 10);
    }
  });
});
