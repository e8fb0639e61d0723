import type { FieldError } from '../errors.js';

export const LOCATION_SOURCES = ['gps', 'manual', 'ip'] as const;
export type LocationSource = (typeof LOCATION_SOURCES)[number];

export interface Location {
  readonly latitude: number;
  readonly longitude: number;
  readonly source: LocationSource;
  /** For display; never used to compute distances. */
  readonly city: string | null;
}

export function checkCoordinates(latitude: number, longitude: number): FieldError[] {
  const errors: FieldError[] = [];
  if (!Number.isFinite(latitude) || latitude < -90 || latitude > 90) {
    errors.push({ path: '/latitude', code: 'OUT_OF_RANGE', message: 'Latitude is between -90 and 90' });
  }
  if (!Number.isFinite(longitude) || longitude < -180 || longitude > 180) {
    errors.push({ path: '/longitude', code: 'OUT_OF_RANGE', message: 'Longitude is between -180 and 180' });
  }
  return errors;
}
