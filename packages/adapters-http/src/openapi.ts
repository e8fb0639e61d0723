import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import { z } from 'zod';
import { STATUS_OF, type ProblemCode } from './problem.js';
import type { ResponseHeader, RouteDefinition } from './route.js';
import { FIELD_ERROR_CODES } from './field-error-codes.js';
import { ProblemSchema } from '@kindred/protocol';

const PROBLEM_REF = { $ref: '#/components/schemas/Problem' };

/** The rule codes of a route: its own, and INVALID_CURSOR wherever a cursor is taken. */
function ruleCodesOf(route: RouteDefinition): string[] {
  const paged = route.query instanceof z.ZodObject && 'cursor' in route.query.shape;
  return [...new Set([...(route.ruleCodes ?? []), ...(paged ? ['INVALID_CURSOR'] : [])])];
}

/** Statuses every route of a kind can answer, with their codes. */
export function problemsOf(route: RouteDefinition): Map<number, ProblemCode[]> {
  const codes = new Set<ProblemCode>(route.problems ?? []);
  if (route.auth) {
    codes.add('UNAUTHENTICATED');
    // A token of a session a suspension ended says so, on every route that takes a token.
    codes.add('ACCOUNT_SUSPENDED');
  }
  if (route.body || route.query || route.params || route.upload) codes.add('VALIDATION_FAILED');
  if (route.body || route.upload) {
    codes.add('PAYLOAD_TOO_LARGE');
    codes.add('UNSUPPORTED_MEDIA_TYPE');
  }
  if (!route.alwaysAvailable) codes.add('UNAVAILABLE');
  const byStatus = new Map<number, ProblemCode[]>();
  for (const code of codes) byStatus.set(STATUS_OF[code], [...(byStatus.get(STATUS_OF[code]) ?? []), code]);
  return new Map([...byStatus].sort(([a], [b]) => a - b));
}

const HEADERS: Record<ResponseHeader | 'Retry-After', object> = {
  'Set-Cookie': {
    description: 'The refresh token as an HttpOnly, Secure, SameSite=Strict cookie scoped to /api/v1/auth',
    schema: { type: 'string' },
  },
  'Retry-After': {
    description: 'Seconds to wait before trying again',
    schema: { type: 'integer', minimum: 1 },
  },
  'Cache-Control': { description: '`no-store`: tokens are not cached', schema: { type: 'string' } },
};

function problemResponse(status: number, codes: readonly ProblemCode[], route: RouteDefinition): object {
  const schema = {
    allOf: [
      PROBLEM_REF,
      {
        type: 'object',
        properties: {
          status: { const: status },
          code: { enum: [...codes] },
          ...(status === 400 && {
            errors: {
              type: 'array',
              items: { type: 'object', properties: { code: { enum: [...FIELD_ERROR_CODES] } } },
            },
          }),
        },
      },
    ],
  };
  const retry = status === 429 || status === 503;
  return {
    description: `Problem: ${codes.join(', ')}`,
    ...(retry && { headers: { 'Retry-After': HEADERS['Retry-After'] } }),
    content: { 'application/problem+json': { schema } },
    // Refusals of a request the schema allows: rules it cannot state (a common password, an unknown cursor…).
    ...(status === 400 && { 'x-rule-codes': ruleCodesOf(route) }),
  };
}

/** The OpenAPI 3.1 document, generated from the same route definitions the server runs. */
export function buildOpenApiDocument(routes: readonly RouteDefinition[], version: string): object {
  const paths: ZodOpenApiPathsObject = {};
  const operationIds = new Set<string>();
  for (const route of routes) {
    if (operationIds.has(route.operationId)) throw new Error(`Duplicate operationId ${route.operationId}`);
    operationIds.add(route.operationId);
    const responses: Record<string, object> = {};
    for (const [status, response] of Object.entries(route.responses)) {
      responses[status] = {
        description: response.description,
        ...(response.headers && {
          headers: Object.fromEntries(response.headers.map((name) => [name, HEADERS[name]])),
        }),
        ...(response.schema && { content: { 'application/json': { schema: response.schema } } }),
      };
    }
    for (const [status, codes] of problemsOf(route))
      responses[String(status)] = problemResponse(status, codes, route);
    const operation: ZodOpenApiOperationObject = {
      operationId: route.operationId,
      summary: route.summary,
      description: route.description,
      tags: [...route.tags],
      ...(route.auth && { security: [{ bearerAuth: [] }] }),
      ...((route.query || route.params) && {
        requestParams: {
          ...(route.query && { query: route.query as never }),
          ...(route.params && { path: route.params as never }),
        },
      }),
      ...(route.body && {
        requestBody: {
          required: !route.body.safeParse(undefined).success,
          content: { 'application/json': { schema: route.body } },
        },
      }),
      ...(route.upload && {
        requestBody: {
          required: true,
          content: {
            'multipart/form-data': {
              schema: z.object({
                [route.upload.field]: z.string().meta({
                  format: 'binary',
                  description: `The picture (JPEG, PNG or WebP, at most ${route.upload.maxBytes} bytes)`,
                }),
              }),
            },
          },
        },
      }),
      responses: responses as ZodOpenApiOperationObject['responses'],
    };
    paths[route.path] = { ...paths[route.path], [route.method]: operation };
  }
  return withoutSafeIntegerBounds(
    createDocument({
      openapi: '3.1.0',
      info: {
        title: 'Kindred API',
        version,
        description: DESCRIPTION,
      },
      servers: [{ url: '/' }],
      components: {
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
        schemas: { Problem: ProblemSchema },
        responses: {
          MethodNotAllowed: {
            description: 'Any path answers 405 METHOD_NOT_ALLOWED to a method it does not take',
            headers: { Allow: { description: 'The methods this path takes', schema: { type: 'string' } } },
            content: { 'application/problem+json': { schema: PROBLEM_REF } },
          },
        },
      },
      paths,
    }),
  );
}

/** zod states every integer's ±(2^53 − 1) bounds: noise to a reader and to client generators. */
function withoutSafeIntegerBounds<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutSafeIntegerBounds) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if ((key === 'minimum' || key === 'maximum') && Math.abs(item as number) === Number.MAX_SAFE_INTEGER)
      continue;
    out[key] = withoutSafeIntegerBounds(item);
  }
  return out as T;
}

const DESCRIPTION = `The backend of a dating and chat application. The protocol as a whole (conventions, errors, paging, rate limits, the WebSocket) is described in the repository's docs/api.md; the WebSocket's frames, both ways, in the AsyncAPI 3.0 document at /asyncapi.json. The client SDK (@kindred/client) is typed from both.

- Errors are RFC 9457 problem documents (\`application/problem+json\`) with a stable \`code\`; each code has one status. When several apply, the first in this order wins: 401, 400, 404, 403, 409. \`VALIDATION_FAILED\` lists one \`errors[]\` entry per failing field (\`path\`: a JSON Pointer into the body, or \`?name\` for a query parameter).
- Strings: none may hold U+0000 or a lone surrogate (anywhere: body, query, path); single-line fields hold no control character (CR and LF included); lengths count Unicode code points. Each schema states its field's pattern and lengths.
- Ids are opaque. An id that is not one of ours names nothing: a path id answers the route's 404, an id in a body or query answers as its description says.
- Every response carries \`X-Request-Id\` (the caller's, when sane). A path answers 405 with \`Allow\` to a method it does not take; a request whose headers are too large answers 431; a body with a \`Content-Encoding\` answers 415.
- 429 and 503 answers carry \`Retry-After\`. 503 means a dependency is down: retry.`;
