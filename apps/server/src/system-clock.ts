import type { Clock } from '@kindred/domain';

export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}
