import { z } from 'zod';
import { defineRoute, type RouteDefinition } from '../route.js';
import type { HttpDeps } from '../http-deps.js';
import { INTEREST_MAX_LENGTH } from '@kindred/domain';
import { text } from '../schemas/text.js';
import { Limit } from '../schemas/paging.js';

const InterestList = z
  .object({ items: z.array(z.object({ name: z.string(), count: z.int().min(1) })) })
  .meta({
    id: 'InterestList',
    examples: [
      {
        items: [
          { name: 'hiking', count: 412 },
          { name: 'hip-hop', count: 97 },
        ],
      },
    ],
  });

export function interestRoutes({ useCases }: HttpDeps): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/interests',
      operationId: 'listInterests',
      summary: 'Interests in use, for autocomplete',
      description:
        'Tags starting with `prefix` (normalised: lower case, no leading #), most used first. Not paged.',
      tags: ['Discovery'],
      auth: true,
      query: z.strictObject({
        prefix: text({ max: INTEREST_MAX_LENGTH, description: 'The start of a tag', example: 'hik' }).default(
          '',
        ),
        limit: Limit,
      }),
      responses: { 200: { description: 'Matching interests', schema: InterestList } },
      handle: async ({ query }) => ({
        status: 200,
        body: { items: await useCases.suggestInterests.execute(query) },
      }),
    }),
  ];
}
