import type { Context } from 'koa';
import type { z } from 'zod';
import type { AccessClaims } from '@kindred/domain';
import type { ProblemCode } from './problem.js';
import type { FieldRules } from './validation.js';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface Reply {
  readonly status: number;
  readonly body?: unknown;
}

export interface RouteInput<B, Q, P, A extends boolean> {
  readonly ctx: Context;
  readonly body: B;
  readonly query: Q;
  readonly params: P;
  readonly auth: A extends true ? AccessClaims : AccessClaims | null;
  /** The uploaded file's bytes, for routes with `upload`. */
  readonly file: Buffer | undefined;
}

/** A response header the document names. */
export type ResponseHeader = 'Set-Cookie' | 'Retry-After' | 'Cache-Control';

export interface ResponseDefinition {
  readonly description: string;
  readonly schema?: z.ZodType;
  readonly headers?: readonly ResponseHeader[];
}

/**
 * One route, described once: the router serves it and the OpenAPI document
 * is generated from the very same schemas, so the two cannot drift apart.
 */
export interface RouteDefinition<
  B extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  P extends z.ZodType = z.ZodType,
  A extends boolean = boolean,
> {
  readonly method: Method;
  /** OpenAPI style, whole: `/api/v1/users/{username}`. */
  readonly path: string;
  /** Stable and unique: client generators name their functions after it. */
  readonly operationId: string;
  readonly summary: string;
  readonly description: string;
  readonly tags: readonly string[];
  /** `true`: a valid bearer token is required (401 first). `false`: none is read. */
  readonly auth: A;
  readonly body?: B;
  readonly query?: Q;
  readonly params?: P;
  /** The domain's rules over the body's fields (several fields, or a port): run with the schema, so one answer names every failing field. */
  readonly rules?: FieldRules<z.output<B>>;
  /**
   * `errors[].code` values a request valid by the schema can still be
   * refused with (rules the schema cannot state, such as WEAK_PASSWORD).
   */
  readonly ruleCodes?: readonly string[];
  /** A multipart/form-data route: one file in `field`, at most `maxBytes`. */
  readonly upload?: { readonly field: string; readonly maxBytes: number };
  readonly responses: Readonly<Record<number, ResponseDefinition>>;
  /**
   * Problem codes this route answers beyond those every route of its kind
   * can (401 for `auth`, 400/413/415 for a body, 503): the document lists
   * them, and the fuzzer holds the route to that list.
   */
  readonly problems?: readonly ProblemCode[];
  /** The route touches no dependency (no 503). */
  readonly alwaysAvailable?: boolean;
  readonly handle: (input: RouteInput<z.output<B>, z.output<Q>, z.output<P>, A>) => Promise<Reply>;
}

/** Keeps each route's types while collecting routes of different shapes in one list. */
export function defineRoute<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType, A extends boolean>(
  route: RouteDefinition<B, Q, P, A>,
): RouteDefinition {
  return route as unknown as RouteDefinition;
}
