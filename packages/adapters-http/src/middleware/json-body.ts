import { bodyParser } from '@koa/bodyparser';
import type { Context } from 'koa';
import { HttpProblem } from '../problem.js';

export const JSON_BODY_LIMIT = '1mb';

export function hasBody(ctx: Context): boolean {
  return Number(ctx.get('content-length') || 0) > 0 || ctx.get('transfer-encoding') !== '';
}

/**
 * Bodies are taken as sent: a compressed one (gzip, br, deflate) is refused
 * with 415 and `Accept-Encoding: identity` (RFC 7694) rather than inflated,
 * which keeps the size limits honest and decompression bombs out.
 */
export function refuseContentEncoding(ctx: Context): void {
  const coding = ctx.get('content-encoding').trim().toLowerCase();
  if (coding === '' || coding === 'identity') return;
  throw new HttpProblem(
    'UNSUPPORTED_MEDIA_TYPE',
    `Content-Encoding "${coding}" is not taken: send the body as it is`,
    undefined,
    { 'Accept-Encoding': 'identity' },
  );
}

/**
 * Reads a route's JSON body, called by the route after authentication (so a
 * bad token answers 401 before a bad body answers 400). Parses JSON bodies up to 1 MiB (413 beyond). A body of another type on a
 * JSON route is refused (415) rather than silently read as empty.
 */
export function jsonBody(): (ctx: Context) => Promise<void> {
  const parse = bodyParser({
    enableTypes: ['json'],
    jsonLimit: JSON_BODY_LIMIT,
    jsonStrict: true,
    encoding: 'utf-8',
    parsedMethods: ['POST', 'PUT', 'PATCH', 'DELETE'],
  });
  return async (ctx) => {
    if (hasBody(ctx)) {
      refuseContentEncoding(ctx);
      if (!ctx.is('application/json', '+json'))
        throw new HttpProblem('UNSUPPORTED_MEDIA_TYPE', 'Send JSON (Content-Type: application/json)');
    }
    await parse(ctx as Parameters<typeof parse>[0], async () => {});
  };
}
