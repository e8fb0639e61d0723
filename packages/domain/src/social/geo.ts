/** Positions are snapped to a grid of about 1 km before any distance is measured, so repeated queries cannot triangulate anyone. */
export const GRID_DEGREES = 0.01;

export function snap(value: number): number {
  return Math.round(value / GRID_DEGREES) * GRID_DEGREES;
}

const EARTH_RADIUS_KM = 6371.0088;
const rad = (d: number) => (d * Math.PI) / 180;

/** Great-circle distance (haversine) in km between raw coordinates. */
export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = rad(lat2 - lat1);
  const dLon = rad(lon2 - lon1);
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** The distance shown and filtered on: whole km ≥ 1 between snapped positions. */
export function gridDistanceKm(
  a: { latitude: number; longitude: number },
  b: { latitude: number; longitude: number },
): number {
  return Math.max(
    1,
    Math.round(haversineKm(snap(a.latitude), snap(a.longitude), snap(b.latitude), snap(b.longitude))),
  );
}
