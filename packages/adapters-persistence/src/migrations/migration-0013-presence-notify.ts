import { Migration } from '@mikro-orm/migrations';

/**
 * A member is online while a socket of theirs is open on any node (the
 * `presence` rows, migration 0008), and users are read with it. Each node
 * caches users, so the first socket opened and the last one closed tell
 * every node, on the channel the user caches already listen to. A row's
 * socket count changing in between tells nobody: being online did not change.
 */
export class Migration0013PresenceNotify extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create function kindred_notify_presence_changed() returns trigger language plpgsql as $$
      begin
        perform pg_notify('kindred_user_changed', coalesce(new.user_id, old.user_id)::text);
        return null;
      end $$`);
    this.addSql(`
      create trigger presence_notify_changed
        after insert or delete on presence
        for each row execute function kindred_notify_presence_changed()`);
  }

  override async down(): Promise<void> {
    this.addSql('drop trigger if exists presence_notify_changed on presence');
    this.addSql('drop function if exists kindred_notify_presence_changed()');
  }
}
