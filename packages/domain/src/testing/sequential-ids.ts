import type { IdGenerator } from '../ports/id-generator.js';

/** Readable, ordered ids for tests: `00000000-0000-7000-8000-000000000001`, … */
export class SequentialIds implements IdGenerator {
  private counter = 0;

  next(): string {
    this.counter += 1;
    return `00000000-0000-7000-8000-${this.counter.toString(16).padStart(12, '0')}`;
  }
}
