import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import { z } from 'zod';
import { STATUS_OF } from './problem.js';
import type { RouteDefinition } from './route.js';
import { ProblemSchema } from './schemas/common.js';

const problemContent = { 'application/problem+json': { schema: ProblemSchema } };

/** The OpenAPI 3.1 document, generated from the same route definitions the server runs. */
export function buildOpenApiDocument(routes: readonly RouteDefinition[], version: string): object {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of routes) {
    const responses: Record<string, object> = {};
    for (const [status, response] of Object.entries(route.responses)) {
      responses[status] = response.schema
        ? { description: response.description, content: { 'application/json': { schema: response.schema } } }
        : { description: response.description };
    }
    const problemStatuses = new Set((route.problems ?? []).map((code) => STATUS_OF[code]));
    if (route.auth === true) problemStatuses.add(401);
    if (route.body || route.query) problemStatuses.add(400);
    if (route.body) problemStatuses.add(413);
    for (const status of [...problemStatuses].sort()) {
      const codes = (route.problems ?? []).filter((code) => STATUS_OF[code] === status);
      if (status === 401 && route.auth === true) codes.unshift('UNAUTHENTICATED');
      if (status === 400 && !codes.includes('VALIDATION_FAILED')) codes.unshift('VALIDATION_FAILED');
      if (status === 413) codes.push('PAYLOAD_TOO_LARGE');
      responses[String(status)] = {
        description: `Problem: ${[...new Set(codes)].join(', ')}`,
        content: problemContent,
      };
    }
    const operation: ZodOpenApiOperationObject = {
      summary: route.summary,
      ...(route.description !== undefined && { description: route.description }),
      tags: [...route.tags],
      ...(route.auth === true && { security: [{ bearerAuth: [] }] }),
      ...((route.query || route.params) && {
        requestParams: {
          ...(route.query && { query: route.query as never }),
          ...(route.params && { path: route.params as never }),
        },
      }),
      ...(route.body && { requestBody: { content: { 'application/json': { schema: route.body } } } }),
      ...(route.upload && {
        requestBody: {
          content: {
            'multipart/form-data': {
              schema: z.object({
                [route.upload.field]: z.string().meta({ format: 'binary', description: 'The picture' }),
              }),
            },
          },
        },
      }),
      responses: responses as ZodOpenApiOperationObject['responses'],
    };
    paths[route.path] = { ...paths[route.path], [route.method]: operation };
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Kindred API',
      version,
      description:
        'The backend of a dating and chat application. Errors are RFC 9457 problem documents (application/problem+json) with a stable `code`.',
    },
    servers: [{ url: '/' }],
    components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    paths,
  });
}
