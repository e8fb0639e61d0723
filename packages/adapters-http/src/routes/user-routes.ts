import { z } from 'zod';
import { REPORT_REASON_MAX_LENGTH } from '@kindred/domain';
import { defineRoute, type RouteDefinition } from '../route.js';
import type { HttpDeps } from '../http-deps.js';
import { text } from '../schemas/text.js';
import { ProfileSchema, presentProfile } from '@kindred/protocol';
import { UserRef } from '../schemas/paging.js';
import { publicOrigin } from '../public-origin.js';

const BASE = '/api/v1/users/{ref}';
const tags = ['Users'];
const params = z.object({ ref: UserRef });
const Liked = z.object({ liked: z.boolean(), connected: z.boolean() });

/** Other members: profile views, likes, blocks, fake reports. */
export function userRoutes({ useCases, clock }: HttpDeps): RouteDefinition[] {
  const toggle = (
    path: string,
    summary: string,
    field: 'blocked' | 'reported',
    run: (viewerId: string, ref: string, on: boolean, reason?: string | null) => Promise<unknown>,
  ) =>
    (['post', 'delete'] as const).map((method) =>
      defineRoute({
        method,
        path: `${BASE}/${path}`,
        operationId: `${method === 'post' ? '' : 'un'}${field === 'blocked' ? 'block' : 'report'}User`,
        summary: `${method === 'post' ? '' : 'Undo: '}${summary}`,
        description:
          field === 'blocked'
            ? 'Idempotent. Finds the member across a block. A block hides both members from each other everywhere, at once.'
            : 'Idempotent. Finds the member across a block. The reported member is never told.',
        tags,
        auth: true,
        params,
        ...(field === 'reported' &&
          method === 'post' && {
            body: z
              .strictObject({
                reason: text({
                  max: REPORT_REASON_MAX_LENGTH,
                  lengthCode: 'TOO_LONG',
                  description: 'Why (never shown to the reported member)',
                  example: 'Pictures of someone else',
                })
                  .nullable()
                  .optional(),
              })
              .optional()
              .meta({ examples: [{ reason: 'Pictures of someone else' }] }),
          }),
        responses: { 200: { description: 'The state now', schema: z.object({ [field]: z.boolean() }) } },
        problems: ['CANNOT_TARGET_SELF', 'USER_NOT_FOUND'],
        handle: async ({ auth, params: p, body }) => ({
          status: 200,
          body: await run(
            auth.userId,
            p.ref,
            method === 'post',
            (body as { reason?: string | null } | undefined)?.reason,
          ),
        }),
      }),
    );

  return [
    defineRoute({
      method: 'get',
      path: BASE,
      operationId: 'getProfile',
      summary: "Another member's profile",
      description: 'Records a visit (they are told at most once a day). 404 across a block either way.',
      tags,
      auth: true,
      params,
      responses: { 200: { description: 'The profile', schema: ProfileSchema } },
      problems: ['USER_NOT_FOUND'],
      handle: async ({ ctx, auth, params: p }) => {
        const view = await useCases.viewProfile.execute({ viewerId: auth.userId, ref: p.ref });
        return {
          status: 200,
          body: presentProfile(view.viewer, view.target, view.relations, clock.now(), publicOrigin(ctx)),
        };
      },
    }),
    defineRoute({
      method: 'post',
      path: `${BASE}/like`,
      operationId: 'likeUser',
      summary: 'Like a member',
      description:
        'Idempotent. They get `like`, or both get `match` when it makes a connection. Needs a profile picture.',
      tags,
      auth: true,
      params,
      responses: { 200: { description: 'Liked', schema: Liked } },
      problems: ['CANNOT_TARGET_SELF', 'USER_NOT_FOUND', 'PROFILE_PICTURE_REQUIRED'],
      handle: async ({ auth, params: p }) => ({
        status: 200,
        body: await useCases.likeUser.execute({ viewerId: auth.userId, ref: p.ref }),
      }),
    }),
    defineRoute({
      method: 'delete',
      path: `${BASE}/like`,
      operationId: 'unlikeUser',
      summary: 'Take a like back',
      description:
        'Idempotent. A broken connection tells the other with `unlike`; their likes and visits stop notifying you until you like them again.',
      tags,
      auth: true,
      params,
      responses: { 200: { description: 'Not liked', schema: Liked } },
      problems: ['CANNOT_TARGET_SELF', 'USER_NOT_FOUND'],
      handle: async ({ auth, params: p }) => ({
        status: 200,
        body: await useCases.unlikeUser.execute({ viewerId: auth.userId, ref: p.ref }),
      }),
    }),
    ...toggle('block', 'Block a member (hidden both ways everywhere)', 'blocked', (viewerId, ref, on) =>
      useCases.blockUser.execute({ viewerId, ref, blocked: on }),
    ),
    ...toggle(
      'report',
      'Report a fake account (never told to them)',
      'reported',
      (viewerId, ref, on, reason) => useCases.reportUser.execute({ viewerId, ref, reported: on, reason }),
    ),
  ];
}
