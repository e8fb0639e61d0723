/**
 * `snake_case as "camelCase"` for every property of a schema: hot-path reads
 * run as plain SQL through the ORM's connection yet come back in the shape of
 * the schema's row, skipping entity hydration (measured ~2× faster per read).
 */
export function selectColumns(schema: { readonly meta: { readonly properties: object } }): string {
  return Object.keys(schema.meta.properties)
    .map((property) => `${property.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)} as "${property}"`)
    .join(', ');
}

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
