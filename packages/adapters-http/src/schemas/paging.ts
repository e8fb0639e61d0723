import { z } from 'zod';
import { MAX_PAGE_LIMIT, DEFAULT_PAGE_LIMIT } from '@kindred/domain';
import { id, text } from './text.js';

export const Limit = z.coerce
  .number()
  .int()
  .min(1)
  .max(MAX_PAGE_LIMIT)
  .default(DEFAULT_PAGE_LIMIT)
  .meta({ description: `Items per page (1–${MAX_PAGE_LIMIT})` });

export const Cursor = text({
  max: 1000,
  description: 'The `nextCursor` of the previous page (opaque; bound to the filters it was made with)',
}).optional();

/** A member in a path: username or id (an id never looks like a username). */
export const UserRef = id('A username or an id; anything that names no member answers 404', 'ada');

export const PageQuery = z.strictObject({ limit: Limit, cursor: Cursor });
