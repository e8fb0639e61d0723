import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { GENDERS, type Gender, type User } from '../users/user.js';
import { aUser } from '../testing/user-fixtures.js';
import { discoveryCriteria } from '../use-cases/discover.js';
import { rankCandidate } from './discovery.js';

const TODAY = new Date('2026-11-22T12:00:00.000Z');
const gender = fc.constantFrom(...GENDERS);
const person = (id: string) =>
  fc
    .record({
      gender,
      seeks: fc.option(fc.uniqueArray(gender, { minLength: 1, maxLength: 3 }), { nil: null }),
      latitude: fc.double({ min: 45, max: 46, noNaN: true }),
      longitude: fc.double({ min: 5, max: 6, noNaN: true }),
    })
    .map((p): User =>
      aUser({
        id,
        gender: p.gender as Gender,
        sexualPreference: p.seeks,
        birthDate: '1990-01-01',
        biography: 'hi',
        interests: ['tea'],
        profilePictureId: 'picture',
        location: { latitude: p.latitude, longitude: p.longitude, source: 'gps', city: null },
        fameRating: 5,
      }),
    );

const NONE = {
  blockedEitherWay: false,
  reportedByViewer: false,
  likedByViewer: false,
  hiddenByReports: false,
};
const sees = (viewer: User, candidate: User, relations = NONE) =>
  rankCandidate(discoveryCriteria('search', viewer, {}, TODAY), candidate, relations) !== null;

describe('discovery rules', () => {
  test.prop(
    [person('00000000-0000-7000-8000-000000000001'), person('00000000-0000-7000-8000-000000000002')],
    { numRuns: 300 },
  )('compatibility is symmetric: A finds B exactly when B finds A', (a, b) => {
    expect(sees(a, b)).toBe(sees(b, a));
  });

  test.prop(
    [person('00000000-0000-7000-8000-000000000001'), person('00000000-0000-7000-8000-000000000002')],
    { numRuns: 300 },
  )('a block, in either direction, hides both from each other', (a, b) => {
    const blocked = { ...NONE, blockedEitherWay: true };
    expect(sees(a, b, blocked)).toBe(false);
    expect(sees(b, a, blocked)).toBe(false);
  });

  test.prop([person('00000000-0000-7000-8000-000000000001')])('nobody finds themselves', (a) => {
    expect(sees(a, a)).toBe(false);
  });
});
