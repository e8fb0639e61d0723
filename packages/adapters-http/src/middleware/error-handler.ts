import type { Middleware } from 'koa';
import {
  AccountSuspendedError,
  DomainError,
  RateLimitedError,
  UnavailableError,
  ValidationError,
} from '@kindred/domain';
import { HttpProblem, problem, type Problem } from '../problem.js';

/** First in the chain: whatever goes wrong leaves as a problem+json document, never a stack trace. */
export function errorHandler(): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined)
        throw new HttpProblem('NOT_FOUND', `No route for ${ctx.method} ${ctx.path}`);
    } catch (error) {
      const { body, headers } = toProblem(error);
      if (body.status >= 500 && body.code !== 'UNAVAILABLE')
        ctx.state.log?.error({ err: loggable(error), sqlState: sqlStateOf(error) }, 'unhandled error');
      else if (body.code === 'UNAVAILABLE')
        ctx.state.log?.warn({ err: loggable(error), sqlState: sqlStateOf(error) }, 'dependency unavailable');
      ctx.status = body.status;
      ctx.set(headers);
      ctx.type = 'application/problem+json';
      ctx.body = body;
    }
  };
}

function toProblem(error: unknown): { body: Problem; headers: Record<string, string> } {
  if (error instanceof HttpProblem)
    return { body: problem(error.code, error.message, error.errors), headers: error.headers };
  if (error instanceof RateLimitedError) {
    return {
      body: problem('RATE_LIMITED', error.message),
      headers: { 'Retry-After': String(error.retryAfterSeconds) },
    };
  }
  if (error instanceof UnavailableError)
    return { body: problem('UNAVAILABLE', error.message), headers: { 'Retry-After': '5' } };
  if (error instanceof AccountSuspendedError)
    return {
      body: { ...problem('ACCOUNT_SUSPENDED', error.message), until: error.until?.toISOString() ?? null },
      headers: {},
    };
  if (error instanceof ValidationError)
    return { body: problem('VALIDATION_FAILED', 'The request is not valid', error.errors), headers: {} };
  if (error instanceof DomainError) return { body: problem(error.code, error.message), headers: {} };
  // Errors raised by Koa's own parsers (body too large, malformed JSON, bad encoding) carry a client status.
  const status = (error as { status?: number; expose?: boolean }).status;
  if (status === 413)
    return { body: problem('PAYLOAD_TOO_LARGE', 'The request body is too large'), headers: {} };
  if (status === 415)
    return { body: problem('UNSUPPORTED_MEDIA_TYPE', 'Unsupported content type or encoding'), headers: {} };
  if (status !== undefined && status >= 400 && status < 500) {
    return {
      body: problem('VALIDATION_FAILED', 'The request body is not valid JSON', [
        { path: '', code: 'MALFORMED_JSON', message: 'Malformed JSON' },
      ]),
      headers: {},
    };
  }
  return { body: problem('INTERNAL', 'Something went wrong on our side; it has been logged'), headers: {} };
}

/** The SQLSTATE of a database error (pg's `code`, possibly wrapped), for the log line. */
function sqlStateOf(error: unknown): string | undefined {
  for (
    let e = error as { code?: unknown; cause?: unknown } | undefined, i = 0;
    e && i < 5;
    e = e.cause as never, i++
  ) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  }
  return undefined;
}

/**
 * What of an error goes to the log: its kind, message and stack, never the
 * fields a database error carries (`detail` quotes the values of a row).
 */
function loggable(error: unknown): object {
  if (!(error instanceof Error)) return { message: String(error) };
  return { type: error.name, message: error.message, stack: error.stack };
}
