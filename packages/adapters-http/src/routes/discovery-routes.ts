import { z } from 'zod';
import {
  DISCOVERY_RANGES as RANGES,
  DISTANCE_BAND_LIMITS_KM,
  SORTS,
  SUGGESTION_DEFAULTS,
  type BrowsePosition,
  type DiscoveryQuery,
} from '@kindred/domain';
import { defineRoute, type RouteDefinition } from '../route.js';
import type { HttpDeps } from '../http-deps.js';
import { text, type RuleParams } from '../schemas/text.js';
import { decodeOpaque, encodeOpaque } from '../cursor.js';
import { ProfileSummarySchema, pageOf, presentSummary } from '@kindred/protocol';
import { Cursor, Limit } from '../schemas/paging.js';
import { publicOrigin } from '../public-origin.js';

const number = ({ min, max }: { min: number; max: number }, integer = true) =>
  (integer ? z.coerce.number().int() : z.coerce.number()).min(min).max(max).optional();

const near = z
  .string()
  .max(60)
  .regex(/^\s*-?\d+(\.\d+)?\s*,\s*-?\d+(\.\d+)?\s*$/, 'Use lat,lon')
  .transform((v) => v.split(',').map(Number) as [number, number])
  .refine(([lat, lon]) => lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180, {
    message: 'Latitude −90…90, longitude −180…180',
    params: { rule: 'INVALID_COORDINATES' } satisfies RuleParams,
  })
  .optional();

// Split only: the domain normalises tags as profiles store them.
const interests = text({
  max: 700,
  description:
    'Comma-separated tags the candidates all have (normalised as profiles are: `#Hiking` is `hiking`)',
  example: 'hiking,tea',
})
  .transform((v) => v.split(','))
  .optional();

const common = {
  maxDistanceKm: number(RANGES.maxDistanceKm),
  interests,
  sort: z.enum(SORTS).optional(),
  order: z.enum(['asc', 'desc']).optional().meta({ description: "Overrides the sort's direction" }),
  limit: Limit,
  cursor: Cursor,
};

const SuggestionsQuery = z.strictObject({
  ...common,
  ageGap: number(RANGES.ageGap),
  fameGap: number(RANGES.fameGap, false),
});
const minAboveMax: RuleParams = { rule: 'MIN_ABOVE_MAX' };
const SearchQuery = z
  .strictObject({
    ...common,
    ageMin: number(RANGES.age),
    ageMax: number(RANGES.age),
    fameMin: number(RANGES.fame, false),
    fameMax: number(RANGES.fame, false),
    near,
  })
  .superRefine((q, ctx) => {
    if (q.ageMin !== undefined && q.ageMax !== undefined && q.ageMin > q.ageMax)
      ctx.addIssue({ code: 'custom', path: ['ageMin'], message: 'ageMin ≤ ageMax', params: minAboveMax });
    if (q.fameMin !== undefined && q.fameMax !== undefined && q.fameMin > q.fameMax)
      ctx.addIssue({ code: 'custom', path: ['fameMin'], message: 'fameMin ≤ fameMax', params: minAboveMax });
  });

/** A browse's next page, as the cursor carries it. */
const BrowseCursor = z.object({ browseId: z.guid(), page: z.int().min(1).max(1_000_000) });
const isBrowsePosition = (value: unknown): value is BrowsePosition => BrowseCursor.safeParse(value).success;

/** Suggestions and search (GET /api/v1/suggestions, /api/v1/search). */
export function discoveryRoutes({ useCases, clock }: HttpDeps): RouteDefinition[] {
  return (['suggestions', 'search'] as const).map((mode) =>
    defineRoute({
      method: 'get',
      path: `/api/v1/${mode}`,
      operationId: mode === 'suggestions' ? 'getSuggestions' : 'searchMembers',
      summary: mode === 'suggestions' ? 'Suggested members' : 'Search members',
      description:
        'Verified members with complete profiles, compatible both ways, never blocked either way or reported by you' +
        (mode === 'suggestions'
          ? `, nor already liked. Defaults: ageGap ${SUGGESTION_DEFAULTS.ageGap}, fameGap ${SUGGESTION_DEFAULTS.fameGap}, maxDistanceKm ${SUGGESTION_DEFAULTS.maxDistanceKm}, sort best.`
          : `. Defaults: ages ${RANGES.age.min}–${RANGES.age.max}, fame ${RANGES.fame.min}–${RANGES.fame.max}, no distance limit, sort distance.`) +
        ` \`best\`: distance band (${DISTANCE_BAND_LIMITS_KM.map((km) => `< ${km}`).join(', ')}, ≥ ${DISTANCE_BAND_LIMITS_KM.at(-1)} km), then more common interests, then higher fame, then nearer. Ties by id.` +
        ' Paging with `nextCursor` shows each member once: every page is the best of those not shown yet on earlier pages, ranked as they are then. Cursors last up to a day (a crash of the database ends them sooner: start again from the first page).',
      tags: ['Discovery'],
      auth: true,
      query: mode === 'suggestions' ? SuggestionsQuery : SearchQuery,
      responses: { 200: { description: 'A page', schema: pageOf(ProfileSummarySchema) } },
      ruleCodes:
        mode === 'search' ? ['INVALID_CURSOR', 'MIN_ABOVE_MAX', 'INVALID_COORDINATES'] : ['INVALID_CURSOR'],
      problems: ['PROFILE_INCOMPLETE'],
      handle: async ({ ctx, auth, query }) => {
        const { limit, cursor, ...filters } = query as z.output<typeof SearchQuery> &
          z.output<typeof SuggestionsQuery>;
        const binding = `${mode}:${JSON.stringify(filters)}`;
        const discoveryQuery: DiscoveryQuery = {
          ...filters,
          near: filters.near ? { latitude: filters.near[0], longitude: filters.near[1] } : undefined,
        };
        const result = await useCases.discover.execute({
          viewerId: auth.userId,
          mode,
          query: discoveryQuery,
          limit,
          cursor: decodeOpaque(cursor, binding, isBrowsePosition),
        });
        const now = clock.now();
        return {
          status: 200,
          body: {
            items: result.items.map(({ user, ranked }) =>
              presentSummary(result.viewer, user, now, publicOrigin(ctx), ranked.distanceKm),
            ),
            nextCursor: encodeOpaque(result.next, binding),
          },
        };
      },
    }),
  );
}
