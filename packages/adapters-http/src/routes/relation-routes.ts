import { z } from 'zod';
import type { ListKind } from '@kindred/domain';
import { defineRoute, type RouteDefinition } from '../route.js';
import type { HttpDeps } from '../http-deps.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { id } from '../schemas/text.js';
import {
  Instant,
  NotificationSchema,
  ProfileSummarySchema,
  pageOf,
  presentNotification,
  presentSummary,
} from '@kindred/protocol';
import { PageQuery } from '../schemas/paging.js';
import { publicOrigin } from '../public-origin.js';

const LISTS: {
  kind: ListKind;
  operationId: string;
  summary: string;
  description: string;
  field: 'visitedAt' | 'likedAt' | null;
}[] = [
  {
    kind: 'visitors',
    operationId: 'listVisitors',
    summary: 'Who visited me (one row per visitor, newest visit first)',
    description: 'Members hidden by a block either way are left out.',
    field: 'visitedAt',
  },
  {
    kind: 'likers',
    operationId: 'listLikers',
    summary: 'Who likes me, newest first',
    description: 'Members hidden by a block either way are left out.',
    field: 'likedAt',
  },
  {
    kind: 'matches',
    operationId: 'listMatches',
    summary: 'My connections, newest first',
    description: 'Members who like me and whom I like, neither having blocked the other.',
    field: null,
  },
  {
    kind: 'blocked',
    operationId: 'listBlocked',
    summary: 'Whom I blocked, newest first',
    description: 'Unblock with DELETE /api/v1/users/{ref}/block.',
    field: null,
  },
];

/** The signed-in member's lists and notifications. */
export function relationRoutes({ useCases, clock }: HttpDeps): RouteDefinition[] {
  const lists = LISTS.map(({ kind, operationId, summary, description, field }) =>
    defineRoute({
      method: 'get',
      path: `/api/v1/me/${kind}`,
      operationId,
      summary,
      description,
      tags: ['Me'],
      auth: true,
      query: PageQuery,
      responses: {
        200: {
          description: 'A page',
          schema: pageOf(
            field ? z.object({ user: ProfileSummarySchema, [field]: Instant }) : ProfileSummarySchema,
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
      operationId: 'listNotifications',
      summary: 'My notifications, newest first',
      description:
        'With `unread=true`, only unread ones. Notifications from members hidden by a block are left out. `unreadCount` counts them all.',
      tags: ['Notifications'],
      auth: true,
      query: PageQuery.extend({ unread: z.enum(['true', 'false']).optional() }),
      responses: {
        200: {
          description: 'A page, with the unread count',
          schema: pageOf(NotificationSchema).extend({ unreadCount: z.int().min(0) }),
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
      operationId: 'markNotificationsRead',
      summary: 'Mark notifications read',
      description:
        '`ids`: those; `upTo`: that one and everything older; neither: all. Ids that name none of my notifications are passed over.',
      tags: ['Notifications'],
      auth: true,
      body: z
        .strictObject({
          ids: z.array(id('One of my notifications')).max(500).optional(),
          upTo: id('One of my notifications').optional(),
        })
        .meta({ examples: [{ upTo: '01936f4e-8b7a-7cde-9f01-23456789abcd' }] }),
      responses: { 204: { description: 'Marked' } },
      handle: async ({ auth, body }) => {
        await useCases.markNotificationsRead.execute({ userId: auth.userId, ids: body.ids, upTo: body.upTo });
        return { status: 204 };
      },
    }),
  ];
}
