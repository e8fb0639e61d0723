import type { Context } from 'koa';
import type { z } from 'zod';
import type { AccessClaims } from '@kindred/domain';
import type { ProblemCode } from './problem.js';

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
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  /** `true`: a valid bearer token is required (401 first). `'optional'`: used when present. */
  readonly auth: A | 'optional';
  readonly body?: B;
  readonly query?: Q;
  readonly params?: P;
  /** A multipart/form-data route: one file in `field`, at most `maxBytes`. */
  readonly upload?: { readonly field: string; readonly maxBytes: number };
  readonly responses: Readonly<Record<number, { readonly description: string; readonly schema?: z.ZodType }>>;
  /** Problem codes this route can answer, for the documentation. */
  readonly problems?: readonly ProblemCode[];
  readonly handle: (input: RouteInput<z.output<B>, z.output<Q>, z.output<P>, A>) => Promise<Reply>;
}

/** Keeps each route's types while collecting routes of different shapes in one list. */
export function defineRoute<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType, A extends boolean>(
  route: RouteDefinition<B, Q, P, A>,
): RouteDefinition {
  return route as unknown as RouteDefinition;
}
