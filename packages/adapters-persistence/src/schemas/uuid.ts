const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Ids are opaque to clients, and ours are UUIDs: anything else names
 * nothing here. Checked before a value reaches a uuid column, so that
 * `abc` is an id that does not exist rather than a database error.
 */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** The values that can be ids of ours. */
export function onlyUuids(values: readonly string[]): string[] {
  return values.filter(isUuid);
}
