import { Migration } from '@mikro-orm/migrations';

/** Accounts, sessions with rotating refresh tokens, and the single-use tokens of mail links. */
export class Migration0001Accounts extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table users (
        id uuid primary key,
        username varchar(30) not null,
        username_key varchar(30) not null constraint users_username_key_unique unique,
        email varchar(254) not null constraint users_email_unique unique,
        pending_email varchar(254) null,
        email_verified boolean not null default false,
        password_hash text not null,
        first_name varchar(50) not null,
        last_name varchar(50) not null,
        birth_date date null,
        gender varchar(10) null check (gender in ('male', 'female', 'nonbinary')),
        sexual_preference text[] null,
        biography text null,
        interests text[] not null default '{}',
        occupation varchar(100) null,
        social_links jsonb not null default '{}',
        fame_rating double precision not null default 0,
        created_at timestamptz not null,
        updated_at timestamptz not null
      )`);
    // The hourly purge of unverified accounts reads only these.
    this.addSql(
      `create index users_unverified_created_at_idx on users (created_at) where not email_verified`,
    );
    this.addSql(`
      create table sessions (
        id uuid primary key,
        user_id uuid not null references users (id) on delete cascade,
        created_at timestamptz not null,
        revoked_at timestamptz null
      )`);
    this.addSql(`create index sessions_user_id_idx on sessions (user_id)`);
    this.addSql(`
      create table refresh_tokens (
        digest varchar(128) primary key,
        session_id uuid not null references sessions (id) on delete cascade,
        user_id uuid not null references users (id) on delete cascade,
        expires_at timestamptz not null,
        spent_at timestamptz null
      )`);
    this.addSql(`create index refresh_tokens_session_id_idx on refresh_tokens (session_id)`);
    this.addSql(`create index refresh_tokens_user_id_idx on refresh_tokens (user_id)`);
    this.addSql(`
      create table one_time_tokens (
        digest varchar(128) primary key,
        purpose varchar(20) not null,
        user_id uuid not null references users (id) on delete cascade,
        email varchar(254) null,
        expires_at timestamptz not null,
        used_at timestamptz null
      )`);
    this.addSql(`create index one_time_tokens_user_id_idx on one_time_tokens (user_id)`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists one_time_tokens, refresh_tokens, sessions, users cascade');
  }
}
