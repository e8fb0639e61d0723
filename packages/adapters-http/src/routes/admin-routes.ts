import { z } from 'zod';
import {
  MODERATION_REASON_MAX_LENGTH,
  REPORT_STATUSES,
  type ReportQueueCursor,
  type User,
} from '@kindred/domain';
import {
  AuditEntrySchema,
  ModeratedUserSchema,
  ReportGroupSchema,
  pageOf,
  presentAuditEntry,
  presentModeratedUser,
  presentReportGroup,
} from '@kindred/protocol';
import { defineRoute, type RouteDefinition } from '../route.js';
import type { HttpDeps } from '../http-deps.js';
import { decodeCursor, decodeOpaque, encodeCursor, encodeOpaque } from '../cursor.js';
import { id, text } from '../schemas/text.js';
import { Cursor, Limit, PageQuery } from '../schemas/paging.js';
import { publicOrigin } from '../public-origin.js';

const tags = ['Moderation'];
const userParams = z.object({ id: id('The member (an id)') });
const reason = text({
  kind: 'multiline',
  min: 1,
  max: MODERATION_REASON_MAX_LENGTH,
  trim: true,
  description: 'Why (kept in the audit trail)',
  example: 'Pictures of someone else',
});
/** RFC 3339, with `Z` or an offset; a leap second (which JavaScript dates cannot hold) is refused. */
const INSTANT_PATTERN = '^\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?([Zz]|[+-]\\d{2}:\\d{2})$';
const instantIn = text({
  max: 40,
  rule: (value) =>
    new RegExp(INSTANT_PATTERN).test(value) && !Number.isNaN(Date.parse(value.toUpperCase()))
      ? []
      : [{ path: '', code: 'INVALID_FORMAT', message: 'An instant: 2026-12-31T00:00:00Z' }],
  documented: { pattern: INSTANT_PATTERN, format: 'date-time' },
  description: 'An instant in the future, or null for a ban',
  example: '2026-12-31T00:00:00.000Z',
});
const ROLES_NOTE =
  'Moderators and admins only (403 NOT_ALLOWED otherwise); only an admin acts on a moderator or an admin.';

function isQueueCursor(value: unknown): value is { d: number; t: string; u: string } {
  const v = value as { d?: unknown; t?: unknown; u?: unknown } | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    Number.isInteger(v.d) &&
    typeof v.t === 'string' &&
    !Number.isNaN(new Date(v.t).getTime()) &&
    typeof v.u === 'string'
  );
}

/** The moderation routes (`/api/v1/admin`): the report queue, suspensions, pictures, the audit trail. */
export function adminRoutes({ useCases, clock }: HttpDeps): RouteDefinition[] {
  const moderated = (moderator: User, user: User, hidden: boolean, origin: string) =>
    presentModeratedUser(moderator, user, hidden, clock.now(), origin);

  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/admin/reports',
      operationId: 'listReports',
      summary: 'The report queue: members with reports of a status, most distinct reporters first',
      description: `${ROLES_NOTE} Reporters who are suspended or banned themselves are listed but not counted.`,
      tags,
      auth: true,
      query: z.strictObject({
        status: z.enum(REPORT_STATUSES).default('open'),
        limit: Limit,
        cursor: Cursor,
      }),
      responses: { 200: { description: 'A page of the queue', schema: pageOf(ReportGroupSchema) } },
      problems: ['NOT_ALLOWED'],
      handle: async ({ ctx, auth, query }) => {
        const position = decodeOpaque(query.cursor, `reports:${query.status}`, isQueueCursor);
        const after: ReportQueueCursor | null = position && {
          distinctReporters: position.d,
          lastReportedAt: new Date(position.t),
          userId: position.u,
        };
        const page = await useCases.listReportQueue.execute({
          moderatorId: auth.userId,
          status: query.status,
          limit: query.limit,
          after,
        });
        const origin = publicOrigin(ctx);
        return {
          status: 200,
          body: {
            items: page.items.map(({ group, user, hidden }) =>
              presentReportGroup(group, moderated(page.moderator, user, hidden, origin)),
            ),
            nextCursor: encodeOpaque(
              page.next && {
                d: page.next.distinctReporters,
                t: page.next.lastReportedAt.toISOString(),
                u: page.next.userId,
              },
              `reports:${query.status}`,
            ),
          },
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/admin/users/{id}',
      operationId: 'getModeratedUser',
      summary: 'A member as moderators see them',
      description: ROLES_NOTE,
      tags,
      auth: true,
      params: userParams,
      responses: { 200: { description: 'The member', schema: ModeratedUserSchema } },
      problems: ['NOT_ALLOWED', 'USER_NOT_FOUND'],
      handle: async ({ ctx, auth, params }) => {
        const { moderator, user, hidden } = await useCases.getModeratedUser.execute({
          moderatorId: auth.userId,
          userId: params.id,
        });
        return { status: 200, body: moderated(moderator, user, hidden, publicOrigin(ctx)) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/admin/users/{id}/dismiss-reports',
      operationId: 'dismissReports',
      summary: "Dismiss a member's open reports",
      description: `${ROLES_NOTE} The reports become \`dismissed\`, no longer lower fame, and a hidden member shows again.`,
      tags,
      auth: true,
      params: userParams,
      body: z
        .strictObject({
          note: text({ kind: 'multiline', max: MODERATION_REASON_MAX_LENGTH, trim: true, description: 'Why' })
            .nullable()
            .optional(),
        })
        .meta({ examples: [{ note: 'The pictures are theirs' }] })
        .optional(),
      responses: { 204: { description: 'Dismissed' } },
      problems: ['NOT_ALLOWED', 'USER_NOT_FOUND'],
      handle: async ({ auth, params, body }) => {
        await useCases.dismissReports.execute({
          moderatorId: auth.userId,
          userId: params.id,
          note: body?.note ?? null,
        });
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/admin/users/{id}/suspend',
      operationId: 'suspendUser',
      summary: 'Suspend a member until an instant, or ban them (`until: null`)',
      description: `${ROLES_NOTE} Open reports become \`actioned\`; every session ends on every node (sockets close with 4401); the member disappears for everyone as a block hides; login answers 403 ACCOUNT_SUSPENDED with \`until\`; a mail tells them.`,
      tags,
      auth: true,
      params: userParams,
      body: z
        .strictObject({
          until: instantIn.nullable(),
          reason,
        })
        .meta({ examples: [{ until: '2026-12-31T00:00:00.000Z', reason: 'Harassment' }] }),
      responses: { 200: { description: 'The member now', schema: ModeratedUserSchema } },
      problems: ['NOT_ALLOWED', 'USER_NOT_FOUND'],
      ruleCodes: ['NOT_IN_FUTURE', 'INVALID_FORMAT'],
      handle: async ({ ctx, auth, params, body }) => {
        const { moderator, user, hidden } = await useCases.suspendMember.execute({
          moderatorId: auth.userId,
          userId: params.id,
          until: body.until === null ? null : new Date(body.until.toUpperCase()),
          reason: body.reason,
        });
        return { status: 200, body: moderated(moderator, user, hidden, publicOrigin(ctx)) };
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/v1/admin/users/{id}/suspend',
      operationId: 'liftSuspension',
      summary: 'Lift a suspension or a ban',
      description: `${ROLES_NOTE} The member is active again everywhere (their ended sessions stay ended: they log in again).`,
      tags,
      auth: true,
      params: userParams,
      responses: { 200: { description: 'The member now', schema: ModeratedUserSchema } },
      problems: ['NOT_ALLOWED', 'USER_NOT_FOUND'],
      handle: async ({ ctx, auth, params }) => {
        const { moderator, user, hidden } = await useCases.liftSuspension.execute({
          moderatorId: auth.userId,
          userId: params.id,
        });
        return { status: 200, body: moderated(moderator, user, hidden, publicOrigin(ctx)) };
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/v1/admin/users/{id}/pictures/{pictureId}',
      operationId: 'removeUserPicture',
      summary: "Remove a member's picture",
      description: `${ROLES_NOTE} The file goes; the oldest remaining picture becomes the profile picture; the owner gets a \`moderation\` notification (no actor).`,
      tags,
      auth: true,
      params: userParams.extend({ pictureId: id('The picture') }),
      body: z.strictObject({ reason }).meta({ examples: [{ reason: 'Not a picture of the member' }] }),
      responses: { 204: { description: 'Removed' } },
      problems: ['NOT_ALLOWED', 'USER_NOT_FOUND', 'PICTURE_NOT_FOUND'],
      handle: async ({ auth, params, body }) => {
        await useCases.removeMemberPicture.execute({
          moderatorId: auth.userId,
          userId: params.id,
          pictureId: params.pictureId,
          reason: body.reason,
        });
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/admin/audit',
      operationId: 'listAudit',
      summary: 'The audit trail of moderator actions, newest first',
      description: `${ROLES_NOTE} Read-only: no route changes it.`,
      tags,
      auth: true,
      query: PageQuery,
      responses: { 200: { description: 'A page of the trail', schema: pageOf(AuditEntrySchema) } },
      problems: ['NOT_ALLOWED'],
      handle: async ({ auth, query }) => {
        const page = await useCases.listAudit.execute({
          moderatorId: auth.userId,
          limit: query.limit,
          after: decodeCursor(query.cursor, 'audit'),
        });
        return {
          status: 200,
          body: { items: page.items.map(presentAuditEntry), nextCursor: encodeCursor(page.next, 'audit') },
        };
      },
    }),
  ];
}
