import { Migration } from '@mikro-orm/migrations';

/**
 * Discovery in one indexed query: positions snapped to the ~1 km grid (written
 * by the application, so SQL and the domain measure from identical values), a
 * generated `discoverable` flag, a B-tree on the grid for bounding boxes and a
 * GIN on interests, both only over discoverable members.
 */
export class Migration0007Discovery extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table users
        add column grid_lat double precision null,
        add column grid_lon double precision null,
        add column discoverable boolean generated always as (
          email_verified and gender is not null and birth_date is not null and biography is not null
          and cardinality(interests) > 0 and profile_picture_id is not null
          and latitude is not null and longitude is not null
        ) stored`);
    this.addSql(
      `update users set grid_lat = round(latitude * 100) / 100, grid_lon = round(longitude * 100) / 100 where latitude is not null`,
    );
    this.addSql(`create index users_discovery_grid_idx on users (grid_lat, grid_lon) where discoverable`);
    this.addSql(
      `create index users_discovery_interests_idx on users using gin (interests) where discoverable`,
    );
  }

  override async down(): Promise<void> {
    this.addSql('alter table users drop column discoverable, drop column grid_lat, drop column grid_lon');
  }
}
