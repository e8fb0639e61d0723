import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import type { Logger } from 'pino';

const SAFE_REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * Gives each request an id (the caller's `X-Request-Id` when it is sane),
 * echoes it, and logs one structured line per request when it ends.
 */
/** One answered request, for the metrics: its route template (not its path), method, status and time. */
export interface RequestObservation {
  readonly route: string;
  readonly method: string;
  readonly status: number;
  readonly seconds: number;
}

export function requestContext(logger: Logger, observe?: (request: RequestObservation) => void): Middleware {
  return async (ctx, next) => {
    const incoming = ctx.get('x-request-id');
    const requestId = SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = requestId;
    ctx.state.log = logger.child({ requestId });
    ctx.set('X-Request-Id', requestId);
    const started = performance.now();
    try {
      await next();
    } finally {
      const elapsed = performance.now() - started;
      const ms = Math.round(elapsed * 10) / 10;
      // The route's template (`/api/v1/users/:ref`), so that ids do not make a series each.
      const route = (ctx as { _matchedRoute?: string | RegExp })._matchedRoute;
      observe?.({
        route: typeof route === 'string' ? route : 'unmatched',
        method: ctx.method,
        status: ctx.status,
        seconds: elapsed / 1000,
      });
      const entry = { method: ctx.method, path: ctx.path, status: ctx.status, ms, ip: ctx.ip };
      if (ctx.status >= 500) ctx.state.log.error(entry, 'request failed');
      else ctx.state.log.info(entry, 'request');
    }
  };
}
