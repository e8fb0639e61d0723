import type { RateLimiter } from '../ports/rate-limiter.js';

/** The limiter of RATE_LIMITS=off (tests, demos): every attempt passes. */
export class NoRateLimits implements RateLimiter {
  async take(): Promise<void> {}
  async giveBack(): Promise<void> {}
  async clear(): Promise<void> {}
}
