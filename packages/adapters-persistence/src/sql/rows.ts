import { sql, type Statement } from './sql.js';

interface Mapped {
  readonly meta: { readonly properties: object; readonly tableName?: string; readonly collection?: string };
}

/** A property name as its column: `passwordHash` → `password_hash`. */
export function columnOf(property: string): string {
  return property.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/**
 * `snake_case as "camelCase"` for every property of a schema: hot-path reads
 * come back in the shape of the schema's row, skipping entity hydration.
 */
export function selectColumns(schema: Mapped): string {
  return Object.keys(schema.meta.properties)
    .map((property) => `${columnOf(property)} as "${property}"`)
    .join(', ');
}

/**
 * An insert of a whole row of a schema, its columns in the schema's order;
 * `valuesOf` lays a row out in the same order. The mapping is the schema's
 * (MikroORM's EntitySchema), the statement ours, its values bound.
 */
export function insertRow<Row extends object>(
  schema: Mapped,
  table: string,
): { readonly statement: Statement<unknown[], never>; readonly valuesOf: (row: Row) => unknown[] } {
  const properties = Object.keys(schema.meta.properties) as (keyof Row & string)[];
  const statement = sql<unknown[]>(
    `insert into ${table} (${properties.map(columnOf).join(', ')}) values (${properties.map((_, i) => `$${i + 1}`).join(', ')})`,
  );
  return { statement, valuesOf: (row) => properties.map((p) => row[p]) };
}
