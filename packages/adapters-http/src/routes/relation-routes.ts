import { z } from 'zod';
import type { ListKind } from '@kindred/domain';
import { defineRoute, type RouteDefinition } from '../route.js';
import type { HttpDeps } from '../http-deps.js';
import { NotificationSchema, PageQuery, ProfileSummarySchema, pageOf } from '../schemas/social-schemas.js';
import { presentNotification, presentSummary } from '../presenters/profile-presenter.js';
import { publicOrigin } from '../presenters/me-presenter.js';
import { decodeCursor, encodeCursor } from '../cursor.js';

const LISTS: { kind: ListKind; summary: string; field: 'visitedAt' | 'likedAt' | null }[] = [
  {
    kind: 'visitors',
    summary: 'Who visited me (one row per visitor, newest visit first)',
    field: 'visitedAt',
  },
  { kind: 'likers', summary: 'Who likes me, newest first', field: 'likedAt' },
  { kind: 'matches', summary: 'My connections, newest first', field: null },
  { kind: 'blocked', summary: 'Whom I blocked, newest first', field: null },
];

/** The signed-in member's lists and notifications. */
export function relationRoutes({ useCases, clock }: HttpDeps): RouteDefinition[] {
  const lists = LISTS.map(({ kind, summary, field }) =>
    defineRoute({
      method: 'get',
      path: `/api/v1/me/${kind}`,
      summary,
      tags: ['Me'],
      auth: true,
      query: PageQuery,
      responses: {
        200: {
          description: 'A page',
          schema: pageOf(
            field ? z.object({ user: ProfileSummarySchema, [field]: z.string() }) : ProfileSummarySchema,
          ),
        },
      },
      handle: async ({ ctx, auth, query }) => {
        const { viewer, page } = await useCases.listRelations.execute({
          userId: auth.userId,
          kind,
          limit: query.limit,
          after: decodeCursor(query.cursor, kind),
        });
        const now = clock.now();
        const items = page.items.map(({ user, at }) => {
          const summary = presentSummary(viewer, user, now, publicOrigin(ctx));
          return field ? { user: summary, [field]: at.toISOString() } : summary;
        });
        return { status: 200, body: { items, nextCursor: encodeCursor(page.next, kind) } };
      },
    }),
  );

  return [
    ...lists,
    defineRoute({
      method: 'get',
      path: '/api/v1/notifications',
      summary: 'My notifications, newest first',
      tags: ['Notifications'],
      auth: true,
      query: PageQuery.extend({ unread: z.enum(['true', 'false']).optional() }),
      responses: {
        200: {
          description: 'A page, with the unread count',
          schema: pageOf(NotificationSchema).extend({ unreadCount: z.number().int() }),
        },
      },
      handle: async ({ ctx, auth, query }) => {
        const unreadOnly = query.unread === 'true';
        const filters = `notifications:${unreadOnly}`;
        const { viewer, page, unreadCount } = await useCases.listNotifications.execute({
          userId: auth.userId,
          unreadOnly,
          limit: query.limit,
          after: decodeCursor(query.cursor, filters),
        });
        const now = clock.now();
        return {
          status: 200,
          body: {
            items: page.items.map(({ notification, actor }) =>
              presentNotification(viewer, notification, actor, now, publicOrigin(ctx)),
            ),
            nextCursor: encodeCursor(page.next, filters),
            unreadCount,
          },
        };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/notifications/read',
      summary: 'Mark notifications read',
      description: '`ids`: those; `upTo`: that one and everything older; neither: all.',
      tags: ['Notifications'],
      auth: true,
      body: z.strictObject({
        ids: z.array(z.string().max(64)).max(500).optional(),
        upTo: z.string().max(64).optional(),
      }),
      responses: { 204: { description: 'Marked' } },
      handle: async ({ auth, body }) => {
        await useCases.markNotificationsRead.execute({ userId: auth.userId, ids: body.ids, upTo: body.upTo });
        return { status: 204 };
      },
    }),
  ];
}
