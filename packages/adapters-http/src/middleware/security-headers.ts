import helmet, { type HelmetOptions } from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Middleware } from 'koa';

/**
 * Helmet's headers, worked out once: helmet's options are static, so running
 * its middleware on every request would only recompute the same list.
 */
export function securityHeaders(options: HelmetOptions): Middleware {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name];
    },
    getHeader: (name: string) => headers[name],
  };
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, () => {});
  return async (ctx, next) => {
    ctx.set(headers);
    await next();
  };
}
