import type { Clock } from '../ports/clock.js';
import type { RateLimiter } from '../ports/rate-limiter.js';
import { DEFAULT_RATE_LIMITS, type Limit, type RateLimitName } from '../limits/rate-limits.js';
import { RateLimitedError } from '../errors.js';

/**
 * Fixed windows counted in memory, on the clock port: for one process
 * (tests, an embedding). Each call runs to its end before the next, so
 * `take` is atomic by construction.
 */
export class InMemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, { used: number; endsAt: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly limits: Readonly<Record<RateLimitName, Limit>> = DEFAULT_RATE_LIMITS,
  ) {}

  async take(name: RateLimitName, key: string): Promise<void> {
    const now = this.clock.now().getTime();
    const limit = this.limits[name];
    const id = `${name}\u0000${key}`;
    let window = this.windows.get(id);
    if (!window || window.endsAt <= now)
      this.windows.set(id, (window = { used: 0, endsAt: now + limit.seconds * 1000 }));
    if (window.used >= limit.points)
      throw new RateLimitedError(Math.max(1, Math.ceil((window.endsAt - now) / 1000)));
    window.used += 1;
  }

  async giveBack(name: RateLimitName, key: string): Promise<void> {
    const window = this.windows.get(`${name}\u0000${key}`);
    if (window && window.used > 0) window.used -= 1;
  }

  async clear(name: RateLimitName, key: string): Promise<void> {
    this.windows.delete(`${name}\u0000${key}`);
  }
}
