import { v7 } from 'uuid';
import type { IdGenerator } from '@kindred/domain';

/** UUIDv7: unique, opaque, and ordered by creation, which keeps B-tree inserts cheap. */
export class UuidV7Ids implements IdGenerator {
  next(): string {
    return v7();
  }
}
