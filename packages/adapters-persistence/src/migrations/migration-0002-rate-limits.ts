import { Migration } from '@mikro-orm/migrations';

/** Counters of rate-limiter-flexible's PostgreSQL store, shared by every node (its own table layout). */
export class Migration0002RateLimits extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table if not exists rate_limits (key varchar(255) primary key, points integer not null default 0, expire bigint)`,
    );
    this.addSql(`create index if not exists rate_limits_expire_idx on rate_limits (expire)`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists rate_limits');
  }
}
