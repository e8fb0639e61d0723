import { bodyParser } from '@koa/bodyparser';
import type { Context } from 'koa';
import { HttpProblem } from '../problem.js';

export const JSON_BODY_LIMIT = '1mb';

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
    const hasBody = Number(ctx.get('content-length') || 0) > 0 || ctx.get('transfer-encoding') !== '';
    if (hasBody && !ctx.is('application/json', '+json')) {
      throw new HttpProblem('UNSUPPORTED_MEDIA_TYPE', 'Send JSON (Content-Type: application/json)');
    }
    await parse(ctx as Parameters<typeof parse>[0], async () => {});
  };
}
