import { z } from 'zod';
import { defineRoute, type RouteDefinition } from '../route.js';
import type { HttpDeps } from '../http-deps.js';
import { UnavailableError } from '@kindred/domain';

const tags = ['Health'];

export function healthRoutes({ isReady }: HttpDeps): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get',
      path: '/health',
      operationId: 'health',
      summary: 'The process runs',
      description: 'Answers 200 while the process runs, whatever its dependencies do.',
      tags,
      auth: false,
      alwaysAvailable: true,
      responses: { 200: { description: 'Alive', schema: z.object({ status: z.literal('ok') }) } },
      handle: async () => ({ status: 200, body: { status: 'ok' } }),
    }),
    defineRoute({
      method: 'get',
      path: '/ready',
      operationId: 'ready',
      summary: 'The database answers',
      description: 'For load balancers: 503 while the database does not answer.',
      tags,
      auth: false,
      responses: {
        200: { description: 'Ready for traffic', schema: z.object({ status: z.literal('ready') }) },
      },
      handle: async () => {
        if (!(await isReady())) throw new UnavailableError('The database does not answer');
        return { status: 200, body: { status: 'ready' } };
      },
    }),
  ];
}
