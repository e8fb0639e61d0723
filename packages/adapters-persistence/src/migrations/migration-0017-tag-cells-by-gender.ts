import { Migration } from '@mikro-orm/migrations';
import { TAG_CELLS_FUNCTION, TAG_CELLS_INDEX } from './migration-0009-discovery-tags-and-cells.js';

/**
 * The tag-cell tokens of migration 0009 also name the member's gender
 * (`hiking@48,2@female`). Suggestions and search only ever want the genders
 * the viewer seeks, so the index now hands the heap only those: at 1M members
 * around Paris, a man seeking women read 540 members through the index to
 * keep 121; the other genders' tokens are no longer in the posting lists
 * intersected, nor their rows in the heap fetched.
 */
export class Migration0017TagCellsByGender extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create function kindred_tag_cells(tags text[], lat double precision, lon double precision, gender text) returns text[]
        language sql immutable parallel safe
        as $$ select array(select t || '@' || floor(lat)::int::text || ',' || floor(lon)::int::text || '@' || gender from unnest(tags) t) $$`);
    // fastupdate off, as migration 0009 explains.
    this.addSql(`
      create index users_discovery_tag_cells_gender_idx on users
        using gin (kindred_tag_cells(interests, grid_lat, grid_lon, gender)) with (fastupdate = off) where discoverable`);
    this.addSql('drop index users_discovery_tag_cells_idx');
    this.addSql('drop function kindred_tag_cells(text[], double precision, double precision)');
  }

  override async down(): Promise<void> {
    // Migration 0009's function and index, as it made them.
    this.addSql(TAG_CELLS_FUNCTION);
    this.addSql(TAG_CELLS_INDEX);
    this.addSql('drop index users_discovery_tag_cells_gender_idx');
    this.addSql('drop function kindred_tag_cells(text[], double precision, double precision, text)');
  }
}
