/**
 * The bounding box of a discovery radius on the ~1 km grid, and the 1° cells it touches: the
 * part of the discovery query that index scans use. Kept apart so its one promise — nobody
 * within reach is outside the box — is tested on its own.
 */

/** radians per degree as PostgreSQL's `radians()` and the domain's haversine use it. */
export const R = 0.017453292519943295;
export const EARTH_KM = 6371.0088;

export interface Box {
  readonly lat: readonly [number, number];
  /** null: every longitude (the box reaches a pole or wraps all the way). */
  readonly lon: readonly (readonly [number, number])[] | null;
}

const KM_PER_DEGREE = EARTH_KM * R;

/**
 * The grid positions that can lie within `km` (true distance, strictly less) of the origin: a
 * latitude band and, unless it reaches a pole or wraps, longitude ranges. Tight, since every
 * extra row in a dense city is a row read: a great-circle distance is at least the latitude
 * difference (`|Δφ|·R ≤ d`), and `hav d ≥ cos φ₀ · cos φ · hav Δλ` bounds the longitude with the
 * smallest `cos φ` of the band. 10 m of slack absorbs floating-point rounding.
 */
export function boxAround(lat: number, lon: number, km: number): Box {
  const reach = km + 0.01;
  const dLat = reach / KM_PER_DEGREE;
  const band = [lat - dLat, lat + dLat] as const;
  const maxAbsLat = Math.abs(lat) + dLat;
  if (maxAbsLat >= 90 || reach / EARTH_KM >= Math.PI) return { lat: band, lon: null };
  const h = Math.sin(reach / EARTH_KM / 2) ** 2 / (Math.cos(lat * R) * Math.cos(maxAbsLat * R));
  if (h >= 1) return { lat: band, lon: null };
  const dLon = (2 * Math.asin(Math.sqrt(h))) / R;
  if (dLon >= 180) return { lat: band, lon: null };
  const west = lon - dLon;
  const east = lon + dLon;
  const lonRanges: [number, number][] =
    west >= -180 && east <= 180
      ? [[west, east]]
      : west < -180
        ? [
            [west + 360, 180],
            [-180, east],
          ]
        : [
            [west, 180],
            [-180, east - 360],
          ];
  return { lat: band, lon: lonRanges };
}

/** The box on the grid B-tree. */
export function boxConditions(box: Box, p: (v: unknown) => string): string[] {
  const conditions = [`u.grid_lat between ${p(box.lat[0])} and ${p(box.lat[1])}`];
  if (box.lon)
    conditions.push(`(${box.lon.map(([a, b]) => `u.grid_lon between ${p(a)} and ${p(b)}`).join(' or ')})`);
  return conditions;
}

/** The 1° cells the box touches (`lat,lon` of their south-west corner); null when too many to be worth it. */
export function cellsOf(box: Box): string[] | null {
  if (!box.lon) return null;
  const cells: string[] = [];
  for (let la = Math.floor(box.lat[0]); la <= Math.floor(box.lat[1]); la++)
    for (const [a, b] of box.lon)
      for (let lo = Math.floor(a); lo <= Math.floor(b); lo++) cells.push(`${la},${lo}`);
  return cells.length <= 64 ? cells : null;
}
