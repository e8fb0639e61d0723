import { Migration } from '@mikro-orm/migrations';

/**
 * Browses of suggestions and search: whom each page showed, so the next page
 * leaves them out (see `Discover`). Forgotten a day after their first page.
 * `discovery_shown` is keyed by (browse, member): the next page's query
 * probes it once per candidate.
 */
export class Migration0012DiscoveryBrowses extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table discovery_browses (
        id uuid primary key,
        viewer_id uuid not null references users (id) on delete cascade,
        started_at timestamptz not null
      )`);
    this.addSql('create index discovery_browses_started_at_idx on discovery_browses (started_at)');
    this.addSql('create index discovery_browses_viewer_idx on discovery_browses (viewer_id)');
    this.addSql(`
      create table discovery_shown (
        browse_id uuid not null references discovery_browses (id) on delete cascade,
        user_id uuid not null,
        page int not null,
        position int not null,
        primary key (browse_id, user_id)
      )`);
    this.addSql('create index discovery_shown_page_idx on discovery_shown (browse_id, page, position)');
  }

  override async down(): Promise<void> {
    this.addSql('drop table discovery_shown');
    this.addSql('drop table discovery_browses');
  }
}
