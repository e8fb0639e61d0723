import type { Clock } from '@kindred/domain';

/**
 * The system's time plus an offset a test moves forward: a server on it
 * lives through a grace period or an expiry at once, while everything else
 * (ordering, ids, timers) keeps running on real time.
 */
export class ShiftedClock implements Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
