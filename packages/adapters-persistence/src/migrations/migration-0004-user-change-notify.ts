import { Migration } from '@mikro-orm/migrations';

/** Tells every node (LISTEN kindred_user_changed) of each updated or deleted user, for their caches. */
export class Migration0004UserChangeNotify extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create or replace function kindred_notify_user_changed() returns trigger language plpgsql as $$
      begin
        perform pg_notify('kindred_user_changed', old.id::text);
        return null;
      end $$`);
    this.addSql(`
      create trigger users_notify_changed
        after update or delete on users
        for each row execute function kindred_notify_user_changed()`);
  }

  override async down(): Promise<void> {
    this.addSql('drop trigger if exists users_notify_changed on users');
    this.addSql('drop function if exists kindred_notify_user_changed()');
  }
}
