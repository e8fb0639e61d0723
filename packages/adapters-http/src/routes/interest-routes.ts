import { z } from 'zod';
import { defineRoute, type RouteDefinition } from '../route.js';
import type { HttpDeps } from '../http-deps.js';

const InterestList = z
  .object({ items: z.array(z.object({ name: z.string(), count: z.number().int() })) })
  .meta({ id: 'InterestList' });

export function interestRoutes({ useCases }: HttpDeps): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/interests',
      summary: 'Interests in use, for autocomplete',
      description:
        'Tags starting with `prefix` (normalised: lower case, no leading #), most used first. Not paged.',
      tags: ['Discovery'],
      auth: true,
      query: z.strictObject({
        prefix: z.string().max(32).default(''),
        limit: z.coerce.number().int().min(1).max(100).default(20),
      }),
      responses: { 200: { description: 'Matching interests', schema: InterestList } },
      problems: ['VALIDATION_FAILED'],
      handle: async ({ query }) => ({
        status: 200,
        body: { items: await useCases.suggestInterests.execute(query) },
      }),
    }),
  ];
}
