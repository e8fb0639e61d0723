/**
 * Positions are snapped to a grid of about 1 km (two decimals, ~1.1 km of
 * latitude) before any distance is measured, so repeated queries cannot
 * triangulate anyone. The application writes the snapped values the database
 * measures from, so both use the very same doubles.
 */
export function snap(value: number): number {
  return Math.round(value * 100) / 100;
}

const EARTH_RADIUS_KM = 6371.0088;
// The constant PostgreSQL's radians() uses, so that SQL and the domain compute the very same doubles.
const RADIANS_PER_DEGREE = 0.017453292519943295;
const rad = (d: number) => d * RADIANS_PER_DEGREE;

/** Great-circle distance (haversine) in km between raw coordinates. */
export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = rad(lat2 - lat1);
  const dLon = rad(lon2 - lon1);
  const sLat = Math.sin(dLat / 2);
  const sLon = Math.sin(dLon / 2);
  const a = sLat * sLat + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * sLon * sLon;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** The distance shown and filtered on: whole km ≥ 1 between snapped positions. */
export function gridDistanceKm(
  a: { latitude: number; longitude: number },
  b: { latitude: number; longitude: number },
): number {
  return wholeKm(haversineKm(snap(a.latitude), snap(a.longitude), snap(b.latitude), snap(b.longitude)));
}

/** Whole km, at least 1 (`floor(d + 0.5)`, as the SQL does). */
export function wholeKm(km: number): number {
  return Math.max(1, Math.floor(km + 0.5));
}
