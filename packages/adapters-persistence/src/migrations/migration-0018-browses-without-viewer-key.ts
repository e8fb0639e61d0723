import { Migration } from '@mikro-orm/migrations';

/**
 * A browse no longer references its viewer by foreign key. The key's check
 * locked the viewer's row in `users` (FOR KEY SHARE) on every first page,
 * and a row lock in a logged table is a WAL record: the commit that
 * migration 0016 meant to write no WAL wrote one, and waited for its flush
 * (measured at 1M profiles: one WAL fsync per first page of suggestions).
 * Concurrent first pages of one viewer also shared that lock as a
 * multixact. Account deletion deletes the viewer's browses itself now
 * (`MikroOrmUserRepository`), in the statement that deletes the member.
 */
export class Migration0018BrowsesWithoutViewerKey extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table discovery_browses drop constraint discovery_browses_viewer_id_fkey');
  }

  override async down(): Promise<void> {
    this.addSql(
      'delete from discovery_browses b where not exists (select 1 from users u where u.id = b.viewer_id)',
    );
    this.addSql(
      'alter table discovery_browses add constraint discovery_browses_viewer_id_fkey foreign key (viewer_id) references users (id) on delete cascade',
    );
  }
}
