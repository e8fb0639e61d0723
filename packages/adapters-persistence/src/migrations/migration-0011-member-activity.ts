import { Migration } from '@mikro-orm/migrations';

/**
 * Last activity in a narrow table of its own. It changes all the time (every
 * request, every socket heartbeat round); on `users` each such write left
 * its page "not all visible", and discovery's index-only scans (migration
 * 0010) had to read the heap again: at 1M members with a tenth of them active,
 * the nearest ring around Paris went from 1.5 ms back to ~10 ms until the
 * next vacuum. Here, profile pages change only when profiles do.
 * Other nodes' user caches still hear of each change: the same notification.
 */
export class Migration0011MemberActivity extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table user_activity (
        user_id uuid primary key references users (id) on delete cascade,
        last_active_at timestamptz not null
      )`);
    this.addSql(
      'insert into user_activity (user_id, last_active_at) select id, last_active_at from users where last_active_at is not null',
    );
    this.addSql('alter table users drop column last_active_at');
    this.addSql(`
      create function kindred_notify_activity_changed() returns trigger language plpgsql as $$
      begin
        perform pg_notify('kindred_user_changed', new.user_id::text);
        return null;
      end $$`);
    this.addSql(`
      create trigger user_activity_notify_changed
        after insert or update on user_activity
        for each row execute function kindred_notify_activity_changed()`);
  }

  override async down(): Promise<void> {
    this.addSql('alter table users add column last_active_at timestamptz null');
    this.addSql(
      'update users u set last_active_at = a.last_active_at from user_activity a where a.user_id = u.id',
    );
    this.addSql('drop table user_activity');
    this.addSql('drop function if exists kindred_notify_activity_changed()');
  }
}
