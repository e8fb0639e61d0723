import { Migration } from '@mikro-orm/migrations';

/**
 * Every node caches live sessions; this trigger tells them all (LISTEN
 * kindred_session_ended) when one is revoked or deleted, whichever code path
 * or cascade did it.
 */
export class Migration0003SessionRevocationNotify extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create or replace function kindred_notify_session_ended() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' or (old.revoked_at is null and new.revoked_at is not null) then
          perform pg_notify('kindred_session_ended', old.id::text);
        end if;
        return null;
      end $$`);
    this.addSql(`
      create trigger sessions_notify_ended
        after update of revoked_at or delete on sessions
        for each row execute function kindred_notify_session_ended()`);
  }

  override async down(): Promise<void> {
    this.addSql('drop trigger if exists sessions_notify_ended on sessions');
    this.addSql('drop function if exists kindred_notify_session_ended()');
  }
}
