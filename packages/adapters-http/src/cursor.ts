import type { PageCursor } from '@kindred/domain';
import { HttpProblem } from './problem.js';

/**
 * Cursors are opaque to clients: base64url of the last row's position and
 * the filters the page was made with. Reused with other filters: 400.
 */
export function encodeCursor(cursor: PageCursor | null, filters: string): string | null {
  if (!cursor) return null;
  return Buffer.from(JSON.stringify({ t: cursor.at.toISOString(), i: cursor.id, f: filters })).toString(
    'base64url',
  );
}

export function decodeCursor(text: string | undefined, filters: string): PageCursor | null {
  if (text === undefined) return null;
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as {
      t?: unknown;
      i?: unknown;
      f?: unknown;
    };
    const at = new Date(String(value.t));
    if (
      typeof value.i === 'string' &&
      typeof value.t === 'string' &&
      !Number.isNaN(at.getTime()) &&
      value.f === filters
    ) {
      return { at, id: value.i };
    }
  } catch {
    // fall through to the problem below
  }
  throw new HttpProblem('VALIDATION_FAILED', 'This cursor is unknown or was made with other filters', [
    { path: '?cursor', code: 'INVALID_CURSOR', message: 'Unknown cursor, or one made with other filters' },
  ]);
}

/** The same for any JSON position (discovery pages carry their sort keys). */
export function encodeOpaque(position: unknown, filters: string): string | null {
  if (position === null || position === undefined) return null;
  return Buffer.from(JSON.stringify({ p: position, f: filters })).toString('base64url');
}

export function decodeOpaque<T>(
  text: string | undefined,
  filters: string,
  valid: (value: unknown) => value is T,
): T | null {
  if (text === undefined) return null;
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as { p?: unknown; f?: unknown };
    if (value.f === filters && valid(value.p)) return value.p;
  } catch {
    // fall through
  }
  throw new HttpProblem('VALIDATION_FAILED', 'This cursor is unknown or was made with other filters', [
    { path: '?cursor', code: 'INVALID_CURSOR', message: 'Unknown cursor, or one made with other filters' },
  ]);
}
