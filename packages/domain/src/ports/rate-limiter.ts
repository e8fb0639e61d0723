import type { RateLimitName } from '../limits/rate-limits.js';

/**
 * Counts attempts against the limits. `take` is atomic: of any number of
 * concurrent calls for one key, at most the limit's points succeed within
 * its window; the rest throw `RateLimitedError` with the seconds to wait.
 */
export interface RateLimiter {
  /** Takes one point of `name` for `key`, or throws RateLimitedError. */
  take(name: RateLimitName, key: string): Promise<void>;
  /** Gives one point back (an attempt that turned out not to count). */
  giveBack(name: RateLimitName, key: string): Promise<void>;
  /** Forgets every point `key` took (a successful login clears its account's failures). */
  clear(name: RateLimitName, key: string): Promise<void>;
}
