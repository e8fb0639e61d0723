/**
 * A timestamptz as the ORM's connection returns it in plain SQL: text such
 * as `2026-11-22 12:00:00.123456+00` (MikroORM turns pg's own parser off).
 */
export function parseTimestamp(value: Date | string): Date {
  if (value instanceof Date) return value;
  return new Date(value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
}

export function parseOptionalTimestamp(value: Date | string | null): Date | null {
  return value === null ? null : parseTimestamp(value);
}
