import { Migration } from '@mikro-orm/migrations';

/** The function and index this migration makes (migration 0017's down makes them again). */
export const TAG_CELLS_FUNCTION = `
  create function kindred_tag_cells(tags text[], lat double precision, lon double precision) returns text[]
    language sql immutable parallel safe
    as $$ select array(select t || '@' || floor(lat)::int::text || ',' || floor(lon)::int::text from unnest(tags) t) $$`;
export const TAG_CELLS_INDEX = `
  create index users_discovery_tag_cells_idx on users
    using gin (kindred_tag_cells(interests, grid_lat, grid_lon)) with (fastupdate = off) where discoverable`;

/**
 * Interests and position in one GIN index: each discoverable member's tags,
 * each joined with the member's 1° grid cell (`hiking@48,2`). "These interests
 * within 100 km" is then, per tag, a union of a few small posting lists (that
 * tag in the nearby cells), intersected inside the index: only members who
 * have the tags *and* live nearby reach the heap. Measured at 1M members
 * around Paris: 2 ms, against 44 ms for tags plus separate cell tokens and
 * ~100 ms for the plain interests index, which reads every member with the
 * tags across the continent.
 */
export class Migration0009DiscoveryTagsAndCells extends Migration {
  override async up(): Promise<void> {
    this.addSql(TAG_CELLS_FUNCTION);
    // fastupdate off: with it, fresh entries wait in a pending list that every search scans in full
    // (measured: 41 ms per search after 90,000 new profiles, against 2 ms once merged). Profiles
    // change rarely next to how often they are searched.
    this.addSql(TAG_CELLS_INDEX);
    this.addSql('alter index users_discovery_interests_idx set (fastupdate = off)');
    this.addSql(`select gin_clean_pending_list('users_discovery_interests_idx')`);
  }

  override async down(): Promise<void> {
    this.addSql('drop index if exists users_discovery_tag_cells_idx');
    this.addSql('alter index users_discovery_interests_idx reset (fastupdate)');
    this.addSql('drop function if exists kindred_tag_cells(text[], double precision, double precision)');
  }
}
