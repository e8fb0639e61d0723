import { MikroORM, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { ALL_SCHEMAS } from './schemas/index.js';
import { MIGRATIONS } from './migrations/index.js';

export interface OrmOptions {
  readonly databaseUrl: string;
  /** Largest number of pooled connections. */
  readonly poolSize?: number;
  /** Prints every SQL statement (MikroORM's debug log). */
  readonly debug?: boolean;
  /**
   * Which plans prepared statements run (PostgreSQL's `plan_cache_mode`); left to PostgreSQL
   * (`auto`) unless a test makes every plan generic to check that those answer the same.
   */
  readonly planCacheMode?: 'auto' | 'force_generic_plan' | 'force_custom_plan';
}

export type Orm = MikroORM;

export async function createOrm(options: OrmOptions): Promise<Orm> {
  return MikroORM.init({
    driver: PostgreSqlDriver,
    clientUrl: options.databaseUrl,
    entities: ALL_SCHEMAS,
    extensions: [Migrator],
    migrations: {
      migrationsList: MIGRATIONS,
      transactional: true,
      allOrNothing: true,
      silent: true,
      tableName: 'mikro_orm_migrations',
    },
    // A query that cannot get a connection fails fast, so callers answer 503 instead of hanging.
    pool: { min: 0, max: options.poolSize ?? 10, idleTimeoutMillis: 10_000, acquireTimeoutMillis: 5_000 },
    driverOptions: {
      connection: {
        // node-postgres reads the whole URL, as the listener and pg-boss do: MikroORM builds the pool's
        // options from its host, port, user and database alone, which would drop `?host=<socket folder>`
        // (the embedded database's Unix socket), `sslmode` and the rest.
        connectionString: options.databaseUrl,
        connectionTimeoutMillis: 5_000,
        // Planner settings for this workload, per connection (a pooler that refuses startup
        // options needs them on the role instead: `alter role … set …`):
        // - no parallel workers: our queries read a few hundred rows, and starting workers costs
        //   more than it saves (discovery at 1M members: 6 ms with two workers, 2 ms without);
        //   under load they would also take cores from other requests;
        // - random_page_cost 1.1, the usual value for data in memory or on SSD: with the default
        //   (4, spinning disks) PostgreSQL 18 answered dense suggestions by scanning 62,000 grid
        //   entries (17 ms) rather than reading 600 rows through the tag-cell index (2 ms).
        options: `-c max_parallel_workers_per_gather=0 -c random_page_cost=1.1 -c plan_cache_mode=${options.planCacheMode ?? 'auto'}`,
      },
    },
    debug: options.debug ?? false,
    allowGlobalContext: false,
    ensureDatabase: false,
    discovery: { warnWhenNoEntities: false },
  });
}

/** Applies pending migrations; answers the names applied. */
export async function migrate(orm: Orm): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((m) => m.name);
}
