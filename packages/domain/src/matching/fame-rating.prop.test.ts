import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { fameRating, type FameInputs } from './fame-rating.js';

const count = fc.integer({ min: 0, max: 1_000_000 });
const inputs: fc.Arbitrary<FameInputs> = fc.record({
  likesReceived: count,
  matches: count,
  visitsReceived: count,
  fakeReports: fc.integer({ min: 0, max: 10_000 }),
  completeness: fc.double({ min: 0, max: 1, noNaN: true }),
});

describe('fame rating', () => {
  test.prop([inputs], { numRuns: 500 })('stays within 0–10', (i) => {
    const fame = fameRating(i);
    expect(fame).toBeGreaterThanOrEqual(0);
    expect(fame).toBeLessThanOrEqual(10);
  });

  test.prop([inputs], { numRuns: 500 })('never drops after one more like, match or visit', (i) => {
    expect(fameRating({ ...i, likesReceived: i.likesReceived + 1 })).toBeGreaterThanOrEqual(fameRating(i));
    expect(fameRating({ ...i, matches: i.matches + 1 })).toBeGreaterThanOrEqual(fameRating(i));
    expect(fameRating({ ...i, visitsReceived: i.visitsReceived + 1 })).toBeGreaterThanOrEqual(fameRating(i));
  });

  test.prop([inputs], { numRuns: 500 })('never rises after one more fake report', (i) => {
    expect(fameRating({ ...i, fakeReports: i.fakeReports + 1 })).toBeLessThanOrEqual(fameRating(i));
  });

  test.prop([inputs])('a complete, liked profile outranks an empty one', (i) => {
    expect(
      fameRating({ likesReceived: 0, matches: 0, visitsReceived: 0, fakeReports: 0, completeness: 0 }),
    ).toBe(0);
    expect(
      fameRating({ ...i, fakeReports: 0, completeness: 1, likesReceived: i.likesReceived + 10 }),
    ).toBeGreaterThan(3);
  });
});
