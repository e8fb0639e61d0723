import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { RateLimitedError } from '@kindred/domain';

/** A limit as `points` per `seconds`. */
export interface Limit {
  readonly points: number;
  readonly seconds: number;
}

export const LIMIT_NAMES = [
  'loginFailuresPerAccount',
  'loginFailuresPerIp',
  'registrationsPerIp',
  'mailsPerAddress',
  'locationChangesPerUser',
  'messagesPerUser',
  'socketFramesPerSecond',
] as const;
export type LimitName = (typeof LIMIT_NAMES)[number];

/** The contract's defaults. */
export const DEFAULT_LIMITS: Record<LimitName, Limit> = {
  loginFailuresPerAccount: { points: 5, seconds: 15 * 60 },
  loginFailuresPerIp: { points: 50, seconds: 15 * 60 },
  registrationsPerIp: { points: 10, seconds: 60 * 60 },
  mailsPerAddress: { points: 3, seconds: 60 * 60 },
  locationChangesPerUser: { points: 10, seconds: 60 * 60 },
  messagesPerUser: { points: 30, seconds: 10 },
  // Counted in each socket's memory by the WebSocket adapter, not in the shared store.
  socketFramesPerSecond: { points: 20, seconds: 1 },
};

/** Builds a limiter on the shared store (PostgreSQL), named by `keyPrefix`. */
export type LimiterFactory = (keyPrefix: string, limit: Limit) => RateLimiterAbstract;

/**
 * The HTTP rate limits. Counters live in a store every node shares, so
 * limits hold across a cluster; `null` limiters (RATE_LIMITS=off) let all through.
 */
export class RateLimits {
  private readonly limiters: Partial<Record<LimitName, RateLimiterAbstract>>;

  constructor(factory: LimiterFactory | null, limits: Record<LimitName, Limit> = DEFAULT_LIMITS) {
    this.limiters = factory
      ? Object.fromEntries(LIMIT_NAMES.map((name) => [name, factory(name, limits[name])]))
      : {};
  }

  /** Counts one attempt; RATE_LIMITED once the limit is spent. */
  async consume(name: LimitName, key: string): Promise<void> {
    const limiter = this.limiters[name];
    if (!limiter) return;
    try {
      await limiter.consume(key);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes)
        throw new RateLimitedError(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
      throw rejection;
    }
  }

  /** RATE_LIMITED if the limit is already spent, without counting this attempt. */
  async check(name: LimitName, key: string): Promise<void> {
    const limiter = this.limiters[name];
    if (!limiter) return;
    const state = await limiter.get(key);
    if (state && state.consumedPoints >= limiter.points) {
      throw new RateLimitedError(Math.max(1, Math.ceil(state.msBeforeNext / 1000)));
    }
  }

  /** Forgets a key's count (a successful login clears its account's failures). */
  async reset(name: LimitName, key: string): Promise<void> {
    await this.limiters[name]?.delete(key);
  }
}
