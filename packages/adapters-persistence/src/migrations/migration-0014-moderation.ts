import { Migration } from '@mikro-orm/migrations';

/**
 * Moderation: roles and suspensions on members; reports with an id and a
 * status (the queue); notifications without an actor (`moderation`); the
 * audit trail, which keeps names so that it outlives the accounts it names.
 */
export class Migration0014Moderation extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table users
        add column role varchar(10) not null default 'member' check (role in ('member', 'moderator', 'admin')),
        add column suspended_until timestamptz null,
        add column banned boolean not null default false`);
    // The few members ever suspended or banned: the set discovery and lists leave out is read from here.
    this.addSql('create index users_suspended_idx on users (id) where banned or suspended_until is not null');

    this.addSql(`
      alter table reports
        add column id uuid not null default gen_random_uuid(),
        add column status varchar(10) not null default 'open' check (status in ('open', 'dismissed', 'actioned')),
        add column resolved_at timestamptz null`);
    this.addSql('create unique index reports_id_idx on reports (id)');
    // The hiding rule and the open queue read open reports only.
    this.addSql("create index reports_open_idx on reports (reported_id, created_at) where status = 'open'");
    this.addSql('create index reports_status_idx on reports (status, reported_id)');

    this.addSql('alter table notifications alter column actor_id drop not null');
    this.addSql('alter table notifications drop constraint if exists notifications_type_check');
    this.addSql(`
      alter table notifications add constraint notifications_type_check
        check (type in ('like', 'visit', 'message', 'match', 'unlike', 'moderation'))`);
    this.addSql(`
      alter table notifications add constraint notifications_actor_check
        check ((type = 'moderation') = (actor_id is null))`);

    this.addSql(`
      create table moderation_audit (
        id uuid primary key,
        moderator_id uuid not null,
        moderator_username varchar(30) not null,
        action varchar(20) not null check (action in ('dismiss', 'suspend', 'ban', 'lift', 'remove-picture')),
        target_id uuid not null,
        target_username varchar(30) not null,
        reason varchar(500) null,
        until timestamptz null,
        at timestamptz not null
      )`);
    this.addSql('create index moderation_audit_at_idx on moderation_audit (at desc, id desc)');
    // Written once: no update or delete, over the API or otherwise. Ids and names are kept without
    // foreign keys, so that the trail outlives the accounts it names.
    this.addSql(`
      create function kindred_audit_immutable() returns trigger language plpgsql as $$
      begin
        raise exception 'the moderation audit trail is never changed';
      end $$`);
    this.addSql(`
      create trigger moderation_audit_immutable before update or delete on moderation_audit
        for each row execute function kindred_audit_immutable()`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists moderation_audit');
    this.addSql('drop function if exists kindred_audit_immutable()');
    this.addSql('alter table notifications drop constraint if exists notifications_actor_check');
    this.addSql("delete from notifications where type = 'moderation'");
    this.addSql('alter table notifications drop constraint if exists notifications_type_check');
    this.addSql(`
      alter table notifications add constraint notifications_type_check
        check (type in ('like', 'visit', 'message', 'match', 'unlike'))`);
    this.addSql('alter table notifications alter column actor_id set not null');
    this.addSql('drop index if exists reports_status_idx, reports_open_idx, reports_id_idx');
    this.addSql('alter table reports drop column resolved_at, drop column status, drop column id');
    this.addSql('drop index if exists users_suspended_idx');
    this.addSql('alter table users drop column banned, drop column suspended_until, drop column role');
  }
}
