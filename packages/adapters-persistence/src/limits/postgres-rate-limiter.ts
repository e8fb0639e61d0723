import pg from 'pg';
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import {
  RATE_LIMIT_NAMES,
  RateLimitedError,
  type Limit,
  type RateLimitName,
  type RateLimiter,
} from '@kindred/domain';

/**
 * The domain's rate limits, counted in PostgreSQL (rate-limiter-flexible's
 * `rate_limits` table, migration 0002) so that every node counts together.
 * A take is one upsert that increments and answers the count in the same
 * statement: atomic, however many requests arrive at once. Should the
 * database not answer, an in-memory twin keeps limiting on this node alone
 * rather than letting everything through.
 */
export class PostgresRateLimiter implements RateLimiter {
  private readonly pool: pg.Pool;
  private readonly limiters = new Map<RateLimitName, RateLimiterAbstract>();
  /** Attempts refused, per limit, since start (for the metrics). */
  readonly refusals = new Map<RateLimitName, number>();

  constructor(
    databaseUrl: string,
    limits: Readonly<Record<RateLimitName, Limit>>,
    onError?: (error: Error) => void,
  ) {
    this.pool = new pg.Pool({ connectionString: databaseUrl, max: 4, connectionTimeoutMillis: 3_000 });
    this.pool.on('error', (error) => onError?.(error));
    for (const name of RATE_LIMIT_NAMES) {
      const { points, seconds: duration } = limits[name];
      this.limiters.set(
        name,
        new RateLimiterPostgres({
          storeClient: this.pool,
          storeType: 'pool',
          tableName: 'rate_limits',
          tableCreated: true,
          keyPrefix: name,
          points,
          duration,
          insuranceLimiter: new RateLimiterMemory({ keyPrefix: name, points, duration }),
        }),
      );
    }
  }

  async take(name: RateLimitName, key: string): Promise<void> {
    try {
      await this.limiter(name).consume(key);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        this.refusals.set(name, (this.refusals.get(name) ?? 0) + 1);
        throw new RateLimitedError(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
      }
      throw rejection;
    }
  }

  async giveBack(name: RateLimitName, key: string): Promise<void> {
    await this.limiter(name).reward(key, 1);
  }

  async clear(name: RateLimitName, key: string): Promise<void> {
    await this.limiter(name).delete(key);
  }

  private limiter(name: RateLimitName): RateLimiterAbstract {
    return this.limiters.get(name)!;
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
