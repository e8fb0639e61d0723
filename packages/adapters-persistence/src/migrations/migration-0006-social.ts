import { Migration } from '@mikro-orm/migrations';

/** Likes, blocks, fake reports, visits, mutes and notifications; last activity of members. */
export class Migration0006Social extends Migration {
  override async up(): Promise<void> {
    const pairTable = (name: string, a: string, b: string, extra = '') =>
      this.addSql(`
        create table ${name} (
          ${a} uuid not null references users (id) on delete cascade,
          ${b} uuid not null references users (id) on delete cascade,
          ${extra}
          primary key (${a}, ${b}),
          check (${a} <> ${b})
        )`);
    pairTable('likes', 'liker_id', 'liked_id', 'created_at timestamptz not null,');
    this.addSql('create index likes_liked_idx on likes (liked_id, created_at desc, liker_id)');
    pairTable('blocks', 'blocker_id', 'blocked_id', 'created_at timestamptz not null,');
    this.addSql('create index blocks_blocked_idx on blocks (blocked_id, blocker_id)');
    this.addSql(
      'create index blocks_blocker_created_idx on blocks (blocker_id, created_at desc, blocked_id)',
    );
    pairTable(
      'reports',
      'reporter_id',
      'reported_id',
      'reason varchar(500) null, created_at timestamptz not null,',
    );
    this.addSql('create index reports_reported_idx on reports (reported_id)');
    pairTable(
      'visits',
      'visitor_id',
      'visited_id',
      'visited_at timestamptz not null, notified_at timestamptz null,',
    );
    this.addSql('create index visits_visited_idx on visits (visited_id, visited_at desc, visitor_id)');
    pairTable('mutes', 'user_id', 'muted_id');
    this.addSql(`
      create table notifications (
        id uuid primary key,
        user_id uuid not null references users (id) on delete cascade,
        type varchar(10) not null check (type in ('like', 'visit', 'message', 'match', 'unlike')),
        actor_id uuid not null references users (id) on delete cascade,
        conversation_id uuid null,
        created_at timestamptz not null,
        read_at timestamptz null
      )`);
    this.addSql(
      'create index notifications_user_created_idx on notifications (user_id, created_at desc, id desc)',
    );
    this.addSql(
      'create index notifications_user_unread_idx on notifications (user_id) where read_at is null',
    );
    this.addSql('create index notifications_actor_idx on notifications (actor_id)');
    this.addSql('alter table users add column last_active_at timestamptz null');
  }

  override async down(): Promise<void> {
    this.addSql('alter table users drop column last_active_at');
    this.addSql('drop table if exists notifications, mutes, visits, reports, blocks, likes');
  }
}
