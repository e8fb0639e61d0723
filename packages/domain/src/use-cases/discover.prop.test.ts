import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { GENDERS, type Gender, type User } from '../users/user.js';
import { SORTS, compareRanked } from '../matching/discovery.js';
import { aUser } from '../testing/user-fixtures.js';
import { createInMemoryPorts } from '../testing/in-memory-ports.js';
import type { BrowsePosition } from '../ports/discovery-repository.js';
import { Discover, discoveryCriteria } from './discover.js';

const gender = fc.constantFrom(...GENDERS);
const member = fc.record({
  gender,
  seeks: fc.option(fc.uniqueArray(gender, { minLength: 1, maxLength: 3 }), { nil: null }),
  fame: fc.integer({ min: 0, max: 100 }).map((n) => n / 10),
  latitude: fc.double({ min: 48.7, max: 49, noNaN: true }),
  longitude: fc.double({ min: 2.2, max: 2.5, noNaN: true }),
  interests: fc.uniqueArray(fc.constantFrom('tea', 'chess', 'jazz'), { minLength: 1, maxLength: 3 }),
});
type Member = typeof member extends fc.Arbitrary<infer T> ? T : never;

/** Between two pages: a member's fame, position or interests change (none of which can unmatch a search). */
const change = fc.record({
  who: fc.nat(),
  fame: fc.integer({ min: 0, max: 100 }).map((n) => n / 10),
  latitude: fc.double({ min: 48.7, max: 49, noNaN: true }),
  longitude: fc.double({ min: 2.2, max: 2.5, noNaN: true }),
  interests: fc.uniqueArray(fc.constantFrom('tea', 'chess', 'jazz'), { minLength: 1, maxLength: 3 }),
});
const step = fc.oneof(
  fc.record({ kind: fc.constant('page' as const) }),
  fc.record({ kind: fc.constant('retry' as const) }),
  fc.record({
    kind: fc.constant('changes' as const),
    changes: fc.array(change, { minLength: 1, maxLength: 6 }),
  }),
);

const id = (n: number) => `00000000-0000-7000-8000-${n.toString().padStart(12, '0')}`;
const toUser = (n: number, m: Member): User =>
  aUser({
    id: id(n),
    gender: m.gender as Gender,
    sexualPreference: m.seeks as Gender[] | null,
    birthDate: '1990-01-01',
    biography: 'hi',
    interests: m.interests,
    profilePictureId: 'picture',
    location: { latitude: m.latitude, longitude: m.longitude, source: 'manual', city: null },
    fameRating: m.fame,
  });

describe('browsing discovery while profiles change', () => {
  test.prop(
    [
      fc.array(member, { minLength: 2, maxLength: 25 }),
      fc.constantFrom(...SORTS),
      fc.constantFrom<'asc' | 'desc' | undefined>('asc', 'desc', undefined),
      fc.integer({ min: 1, max: 4 }),
      fc.array(step, { maxLength: 12 }),
    ],
    { numRuns: 150 },
  )(
    'shows every member who matches throughout exactly once, each page in rank order, a retried page the same',
    async (members, sort, order, limit, steps) => {
      const ports = createInMemoryPorts();
      const users = members.map((m, n) => toUser(n, m));
      for (const user of users) await ports.users.add(user);
      const viewer = users[0]!;
      const discover = new Discover(ports);
      const query = { sort, order };
      // A search with the defaults matches on gender and preferences only, which never change here.
      const first = await discover.execute({
        viewerId: viewer.id,
        mode: 'search',
        query,
        limit,
        cursor: null,
      });
      const criteria = discoveryCriteria('search', viewer, query, ports.clock.now());
      const expected = new Set(
        (await ports.discovery.find(criteria, users.length, null)).items.map((r) => r.userId),
      );

      const shown: string[] = [];
      let last = first;
      let lastCursor: BrowsePosition | null = null;
      const take = (page: typeof first) => {
        const keys = page.items.map((i) => i.ranked);
        expect([...keys].sort(compareRanked)).toEqual(keys);
        shown.push(...page.items.map((i) => i.user.id));
      };
      take(first);
      const queue = [...steps];
      for (let guard = 0; guard < 200 && last.next; guard++) {
        const s = queue.shift() ?? { kind: 'page' as const };
        if (s.kind === 'changes') {
          for (const c of s.changes) {
            const user = (await ports.users.findById(users[c.who % users.length]!.id))!;
            await ports.users.update(
              {
                ...user,
                fameRating: c.fame,
                interests: c.interests,
                location: { latitude: c.latitude, longitude: c.longitude, source: 'manual', city: null },
              },
              user,
            );
          }
        } else if (s.kind === 'retry' && lastCursor) {
          const again = await discover.execute({
            viewerId: viewer.id,
            mode: 'search',
            query,
            limit,
            cursor: lastCursor,
          });
          expect(again.items.map((i) => i.user.id)).toEqual(last.items.map((i) => i.user.id));
          expect(again.next).toEqual(last.next);
        } else {
          lastCursor = last.next;
          last = await discover.execute({
            viewerId: viewer.id,
            mode: 'search',
            query,
            limit,
            cursor: lastCursor,
          });
          take(last);
        }
      }
      expect(last.next).toBeNull();
      expect(new Set(shown).size).toBe(shown.length);
      expect(new Set(shown)).toEqual(expected);
    },
  );
});
