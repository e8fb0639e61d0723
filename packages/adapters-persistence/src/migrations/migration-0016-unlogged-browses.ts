import { Migration } from '@mikro-orm/migrations';

/**
 * Browses of suggestions and search become unlogged tables. What a page
 * showed lives a day and is worth a page of results, not a WAL record and a
 * flush: a transaction that writes only unlogged tables commits without
 * waiting for the WAL, so recording a page is one statement instead of
 * begin / `synchronous_commit = off` / insert / commit (four round trips on
 * every first page of suggestions and search).
 *
 * The price: a crash of PostgreSQL empties both tables (cursors given before
 * it answer INVALID_CURSOR, and the client starts the browse again, as after
 * a day), and standbys do not hold them. `discovery_shown` goes first: a
 * logged table may not reference an unlogged one.
 */
export class Migration0016UnloggedBrowses extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table discovery_shown set unlogged');
    this.addSql('alter table discovery_browses set unlogged');
  }

  override async down(): Promise<void> {
    this.addSql('alter table discovery_browses set logged');
    this.addSql('alter table discovery_shown set logged');
  }
}
