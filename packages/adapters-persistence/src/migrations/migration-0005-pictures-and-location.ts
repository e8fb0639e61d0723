import { Migration } from '@mikro-orm/migrations';

/** A member's position and pictures; picture changes notify the user's cache entry too. */
export class Migration0005PicturesAndLocation extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table pictures (
        id uuid primary key,
        user_id uuid not null references users (id) on delete cascade,
        key varchar(100) not null constraint pictures_key_unique unique,
        content_type varchar(20) not null,
        width integer not null,
        height integer not null,
        created_at timestamptz not null
      )`);
    this.addSql(`create index pictures_user_id_created_at_idx on pictures (user_id, created_at, id)`);
    this.addSql(`
      alter table users
        add column latitude double precision null check (latitude between -90 and 90),
        add column longitude double precision null check (longitude between -180 and 180),
        add column location_source varchar(6) null check (location_source in ('gps', 'manual', 'ip')),
        add column city varchar(120) null,
        add column profile_picture_id uuid null references pictures (id) on delete set null`);
    this.addSql(`
      create or replace function kindred_notify_picture_changed() returns trigger language plpgsql as $$
      begin
        perform pg_notify('kindred_user_changed', coalesce(new.user_id, old.user_id)::text);
        return null;
      end $$`);
    this.addSql(`
      create trigger pictures_notify_user_changed
        after insert or delete on pictures
        for each row execute function kindred_notify_picture_changed()`);
  }

  override async down(): Promise<void> {
    this.addSql('drop trigger if exists pictures_notify_user_changed on pictures');
    this.addSql('drop function if exists kindred_notify_picture_changed()');
    this.addSql(
      'alter table users drop column latitude, drop column longitude, drop column location_source, drop column city, drop column profile_picture_id',
    );
    this.addSql('drop table if exists pictures');
  }
}
