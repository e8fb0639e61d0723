import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { haversineKm, snap } from '@kindred/domain';
import { boxAround, type Box } from './grid-box.js';

const latitude = fc.double({ min: -90, max: 90, noNaN: true });
const longitude = fc.double({ min: -180, max: 180, noNaN: true });

function inside(box: Box, lat: number, lon: number): boolean {
  if (lat < box.lat[0] || lat > box.lat[1]) return false;
  return box.lon === null || box.lon.some(([west, east]) => lon >= west && lon <= east);
}

/** A point `km` away from the origin in the direction `bearing` (radians), on the sphere. */
function destination(lat: number, lon: number, km: number, bearing: number): [number, number] {
  const rad = Math.PI / 180;
  const d = km / 6371.0088;
  const φ1 = lat * rad;
  const φ2 = Math.asin(Math.sin(φ1) * Math.cos(d) + Math.cos(φ1) * Math.sin(d) * Math.cos(bearing));
  const λ2 =
    lon * rad +
    Math.atan2(Math.sin(bearing) * Math.sin(d) * Math.cos(φ1), Math.cos(d) - Math.sin(φ1) * Math.sin(φ2));
  const wrapped = ((((λ2 / rad + 180) % 360) + 360) % 360) - 180;
  return [φ2 / rad, wrapped];
}

describe('the bounding box of a discovery radius', () => {
  // The box decides which rows the index returns: anyone within reach outside it would silently
  // vanish from discovery. Points are drawn right at the edge of the radius, where it matters.
  test.prop(
    [
      latitude,
      longitude,
      fc.double({ min: 0.5, max: 20_000, noNaN: true }),
      fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
      fc.oneof(fc.double({ min: 0.98, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })),
    ],
    { numRuns: 2000 },
  )('holds every grid position closer than the reach', (lat, lon, km, bearing, fraction) => {
    const origin = [snap(lat), snap(lon)] as const;
    const [plat, plon] = destination(origin[0], origin[1], km * fraction, bearing);
    const point = [snap(plat), snap(plon)] as const;
    const box = boxAround(origin[0], origin[1], km);
    if (haversineKm(origin[0], origin[1], point[0], point[1]) < km)
      expect(inside(box, point[0], point[1])).toBe(true);
  });

  test.prop([
    fc.double({ min: -60, max: 60, noNaN: true }),
    longitude,
    fc.double({ min: 1, max: 200, noNaN: true }),
  ])('stays tight: its area is within 30 % of the square around the circle', (lat, lon, km) => {
    const box = boxAround(lat, lon, km);
    const heightKm = (box.lat[1] - box.lat[0]) * 111.195;
    const widthKm =
      box.lon!.reduce((sum, [west, east]) => sum + east - west, 0) *
      111.195 *
      Math.cos((lat * Math.PI) / 180);
    expect(heightKm).toBeLessThan(2 * km * 1.01 + 0.05);
    expect(widthKm).toBeLessThan(2 * km * 1.3 + 0.05);
  });
});
