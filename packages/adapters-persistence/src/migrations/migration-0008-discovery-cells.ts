import { Migration } from '@mikro-orm/migrations';

/**
 * Suggestions ask for interests within a radius. A GIN index over both a
 * coarse 1° cell and the interests (btree_gin) answers both at once, where
 * the interests index alone fetched every member sharing them across Europe.
 */
export class Migration0008DiscoveryCells extends Migration {
  override async up(): Promise<void> {
    this.addSql('create extension if not exists btree_gin');
    this.addSql(`
      alter table users add column cell integer generated always as (
        (floor(grid_lat)::integer + 90) * 360 + (floor(grid_lon)::integer + 180)
      ) stored`);
    this.addSql(
      'create index users_discovery_cell_interests_idx on users using gin (cell, interests) where discoverable',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop index if exists users_discovery_cell_interests_idx');
    this.addSql('alter table users drop column cell');
  }
}
