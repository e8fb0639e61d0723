import { Migration } from '@mikro-orm/migrations';

/**
 * A browse is recorded one row per page (`discovery_pages`: whom the page
 * showed, in order, as an array) instead of one row per member shown
 * (`discovery_shown`) under a row per browse (`discovery_browses`). Every
 * first page of suggestions and search that has more after it wrote a browse
 * row and twenty member rows, each with two index entries and a foreign-key
 * check against the browse: at 1M profiles that was a third of the database's
 * CPU for a dense search (1.73 → 1.30 ms a statement, ADR 0004). Now a page
 * is one row; every row carries its browse's viewer and start, so no key
 * ties the rows of a browse, any of them says whose the browse is, and a
 * browse's pages are forgotten together.
 *
 * Still unlogged (migration 0016): a crash of PostgreSQL empties it, and
 * cursors given before it answer INVALID_CURSOR. Browses under way are
 * carried over.
 */
export class Migration0019DiscoveryPages extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create unlogged table discovery_pages (
        browse_id uuid not null,
        page int not null,
        viewer_id uuid not null,
        started_at timestamptz not null,
        user_ids uuid[] not null,
        primary key (browse_id, page)
      )`);
    this.addSql('create index discovery_pages_started_at_idx on discovery_pages (started_at)');
    this.addSql('create index discovery_pages_viewer_idx on discovery_pages (viewer_id)');
    this.addSql(`
      insert into discovery_pages (browse_id, page, viewer_id, started_at, user_ids)
      select b.id, s.page, b.viewer_id, b.started_at, array_agg(s.user_id order by s.position)
        from discovery_browses b join discovery_shown s on s.browse_id = b.id
       group by b.id, s.page`);
    this.addSql('drop table discovery_shown');
    this.addSql('drop table discovery_browses');
  }

  override async down(): Promise<void> {
    // Migration 0012's tables as migrations 0016 and 0018 left them, with the browses under way.
    this.addSql(`
      create unlogged table discovery_browses (
        id uuid primary key,
        viewer_id uuid not null,
        started_at timestamptz not null
      )`);
    this.addSql('create index discovery_browses_started_at_idx on discovery_browses (started_at)');
    this.addSql('create index discovery_browses_viewer_idx on discovery_browses (viewer_id)');
    this.addSql(`
      create unlogged table discovery_shown (
        browse_id uuid not null references discovery_browses (id) on delete cascade,
        user_id uuid not null,
        page int not null,
        position int not null,
        primary key (browse_id, user_id)
      )`);
    this.addSql('create index discovery_shown_page_idx on discovery_shown (browse_id, page, position)');
    this.addSql(`
      insert into discovery_browses (id, viewer_id, started_at)
      select browse_id, viewer_id, started_at from discovery_pages where page = 0`);
    this.addSql(`
      insert into discovery_shown (browse_id, user_id, page, position)
      select p.browse_id, m.user_id, p.page, m.position
        from discovery_pages p cross join unnest(p.user_ids) with ordinality as m (user_id, position)
       where exists (select 1 from discovery_browses b where b.id = p.browse_id)
      on conflict (browse_id, user_id) do nothing`);
    this.addSql('drop table discovery_pages');
  }
}
