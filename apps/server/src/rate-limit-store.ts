import type pg from 'pg';
import { RateLimiterMemory, RateLimiterPostgres } from 'rate-limiter-flexible';
import type { LimiterFactory } from '@kindred/adapters-http';

/**
 * Limiters whose counters live in PostgreSQL, so every node counts together.
 * If the database does not answer, an in-memory twin keeps limiting on this
 * node alone rather than letting everything through.
 */
export function postgresLimiterFactory(pool: pg.Pool): LimiterFactory {
  return (keyPrefix, limit) =>
    new RateLimiterPostgres({
      storeClient: pool,
      storeType: 'pool',
      tableName: 'rate_limits',
      tableCreated: true,
      keyPrefix,
      points: limit.points,
      duration: limit.seconds,
      insuranceLimiter: new RateLimiterMemory({ keyPrefix, points: limit.points, duration: limit.seconds }),
    });
}
