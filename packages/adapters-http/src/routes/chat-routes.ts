import { z } from 'zod';
import { ValidationError } from '@kindred/domain';
import { defineRoute, type RouteDefinition } from '../route.js';
import type { HttpDeps } from '../http-deps.js';
import { GROUP_INVITEES_MAX } from '@kindred/domain';
import { GroupTitle, SendMessageBody } from '../schemas/chat-schemas.js';
import { id, text } from '../schemas/text.js';
import { decodeCursor, decodeOpaque, encodeCursor, encodeOpaque } from '../cursor.js';
import {
  ConversationSchema,
  MessageSchema,
  pageOf,
  presentConversation,
  presentMessage,
} from '@kindred/protocol';
import { PageQuery, UserRef } from '../schemas/paging.js';
import { publicOrigin } from '../public-origin.js';

const BASE = '/api/v1/conversations';
const tags = ['Chat'];
const idParams = z.object({ id: id('The conversation') });

interface HistoryPosition {
  readonly d: 'before' | 'after';
  readonly m: string;
}
const isPosition = (value: unknown): value is HistoryPosition =>
  typeof value === 'object' &&
  value !== null &&
  ((value as HistoryPosition).d === 'before' || (value as HistoryPosition).d === 'after') &&
  typeof (value as HistoryPosition).m === 'string';

/** Conversations, messages, read markers and unread counts. */
export function chatRoutes({ useCases, clock }: HttpDeps): RouteDefinition[] {
  /** Both ways of sending answer alike: 201 with the message, 200 with the first one on a replay. */
  const sent = {
    201: { description: 'Sent', schema: MessageSchema },
    200: { description: 'A replay: the first message with this clientMessageId', schema: MessageSchema },
  };
  const send = async (
    senderId: string,
    to: { conversationId: string } | { userRef: string },
    body: z.output<typeof SendMessageBody>,
  ) => {
    const { message, created } = await useCases.sendMessage.execute({
      senderId,
      to,
      content: body.content,
      clientMessageId: body.clientMessageId,
    });
    return { status: created ? 201 : 200, body: presentMessage(message) };
  };

  return [
    defineRoute({
      method: 'get',
      path: BASE,
      operationId: 'listConversations',
      summary: 'My conversations, most recent activity first',
      description: 'Each with its participants, last message and my unread count.',
      tags,
      auth: true,
      query: PageQuery,
      responses: { 200: { description: 'A page', schema: pageOf(ConversationSchema) } },
      handle: async ({ ctx, auth, query }) => {
        const page = await useCases.listConversations.execute({
          viewerId: auth.userId,
          limit: query.limit,
          after: decodeCursor(query.cursor, 'conversations'),
        });
        const now = clock.now();
        return {
          status: 200,
          body: {
            items: page.items.map((view) => presentConversation(view, now, publicOrigin(ctx))),
            nextCursor: encodeCursor(page.next, 'conversations'),
          },
        };
      },
    }),
    defineRoute({
      method: 'post',
      path: BASE,
      operationId: 'createGroup',
      summary: 'Create a group with members I am connected with',
      description: `A title and 1–${GROUP_INVITEES_MAX} members (usernames or ids), each connected with me.`,
      tags,
      auth: true,
      body: z
        .strictObject({
          title: GroupTitle,
          participants: z.array(UserRef).min(1).max(GROUP_INVITEES_MAX),
        })
        .meta({ examples: [{ title: 'Saturday hike', participants: ['grace', 'alan'] }] }),
      responses: { 201: { description: 'The group, with me in it', schema: ConversationSchema } },
      problems: ['USER_NOT_FOUND', 'NOT_CONNECTED', 'CANNOT_TARGET_SELF'],
      handle: async ({ ctx, auth, body }) => {
        const view = await useCases.createGroup.execute({
          creatorId: auth.userId,
          title: body.title,
          participants: body.participants,
        });
        return { status: 201, body: presentConversation(view, clock.now(), publicOrigin(ctx)) };
      },
    }),
    defineRoute({
      method: 'get',
      path: `${BASE}/{id}`,
      operationId: 'getConversation',
      summary: 'One of my conversations',
      description: 'With its participants, last message, read markers and my unread count.',
      tags,
      auth: true,
      params: idParams,
      responses: { 200: { description: 'The conversation', schema: ConversationSchema } },
      problems: ['CONVERSATION_NOT_FOUND', 'NOT_A_PARTICIPANT'],
      handle: async ({ ctx, auth, params }) => {
        const view = await useCases.getConversation.execute({
          viewerId: auth.userId,
          conversationId: params.id,
        });
        return { status: 200, body: presentConversation(view, clock.now(), publicOrigin(ctx)) };
      },
    }),
    defineRoute({
      method: 'patch',
      path: `${BASE}/{id}`,
      operationId: 'renameGroup',
      summary: 'Rename a group (any participant)',
      description: 'Every participant gets `conversation.updated`.',
      tags,
      auth: true,
      params: idParams,
      body: z.strictObject({ title: GroupTitle }).meta({ examples: [{ title: 'Sunday hike' }] }),
      responses: { 200: { description: 'The group', schema: ConversationSchema } },
      problems: ['CONVERSATION_NOT_FOUND', 'NOT_A_PARTICIPANT', 'NOT_A_GROUP'],
      handle: async ({ ctx, auth, params, body }) => {
        const view = await useCases.renameGroup.execute({
          viewerId: auth.userId,
          conversationId: params.id,
          title: body.title,
        });
        return { status: 200, body: presentConversation(view, clock.now(), publicOrigin(ctx)) };
      },
    }),
    defineRoute({
      method: 'post',
      path: `${BASE}/{id}/participants`,
      operationId: 'addParticipant',
      summary: 'Add a member I am connected with to a group',
      description: 'They see the history from before they joined.',
      tags,
      auth: true,
      params: idParams,
      body: z.strictObject({ username: UserRef }).meta({ examples: [{ username: 'grace' }] }),
      responses: { 200: { description: 'The group', schema: ConversationSchema } },
      problems: [
        'CONVERSATION_NOT_FOUND',
        'USER_NOT_FOUND',
        'NOT_A_PARTICIPANT',
        'NOT_CONNECTED',
        'ALREADY_PARTICIPANT',
        'NOT_A_GROUP',
      ],
      handle: async ({ ctx, auth, params, body }) => {
        const view = await useCases.addParticipant.execute({
          viewerId: auth.userId,
          conversationId: params.id,
          ref: body.username,
        });
        return { status: 200, body: presentConversation(view, clock.now(), publicOrigin(ctx)) };
      },
    }),
    defineRoute({
      method: 'delete',
      path: `${BASE}/{id}/participants/{username}`,
      operationId: 'removeParticipant',
      summary: 'Leave a group, or (creator only) remove someone',
      description: 'Naming oneself leaves the group.',
      tags,
      auth: true,
      params: idParams.extend({ username: UserRef }),
      responses: { 204: { description: 'Done' } },
      problems: [
        'CONVERSATION_NOT_FOUND',
        'USER_NOT_FOUND',
        'NOT_A_PARTICIPANT',
        'NOT_ALLOWED',
        'NOT_A_GROUP',
      ],
      handle: async ({ auth, params }) => {
        await useCases.removeParticipant.execute({
          viewerId: auth.userId,
          conversationId: params.id,
          ref: params.username,
        });
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'get',
      path: `${BASE}/{id}/messages`,
      operationId: 'listMessages',
      summary: 'History',
      description:
        '`before=<messageId>`: older messages, newest first (the default, from the end); `after=<messageId>`: newer ones, oldest first. `nextCursor` continues in the same direction (send it alone with `limit`). A message id that is not in this conversation answers 400 (`NOT_IN_CONVERSATION`).',
      tags,
      auth: true,
      params: idParams,
      query: PageQuery.extend({
        before: id('A message of this conversation').optional(),
        after: id('A message of this conversation').optional(),
      }),
      ruleCodes: ['INVALID_CURSOR', 'NOT_IN_CONVERSATION', 'CONFLICT'],
      responses: { 200: { description: 'A page of messages', schema: pageOf(MessageSchema) } },
      problems: ['CONVERSATION_NOT_FOUND', 'NOT_A_PARTICIPANT'],
      handle: async ({ auth, params, query }) => {
        const filters = `messages:${params.id}`;
        if ([query.before, query.after, query.cursor].filter((x) => x !== undefined).length > 1)
          throw new ValidationError([
            { path: '?cursor', code: 'CONFLICT', message: 'Send one of before, after and cursor' },
          ]);
        const position = decodeOpaque(query.cursor, filters, isPosition);
        const direction = position?.d ?? (query.after !== undefined ? 'after' : 'before');
        const from = position?.m ?? query.after ?? query.before ?? null;
        const { items, hasMore } = await useCases.listMessages.execute({
          viewerId: auth.userId,
          conversationId: params.id,
          direction,
          from,
          limit: query.limit,
        });
        const last = items.at(-1);
        return {
          status: 200,
          body: {
            items: items.map(presentMessage),
            nextCursor: hasMore && last ? encodeOpaque({ d: direction, m: last.id }, filters) : null,
          },
        };
      },
    }),
    defineRoute({
      method: 'post',
      path: `${BASE}/{id}/messages`,
      operationId: 'sendMessage',
      summary: 'Send a message',
      description:
        'Idempotent by `clientMessageId` (per sender, 24 h): the same content again answers 200 with the first message and pushes nothing; other content answers 409.',
      tags,
      auth: true,
      params: idParams,
      body: SendMessageBody,
      responses: sent,
      problems: [
        'CONVERSATION_NOT_FOUND',
        'NOT_A_PARTICIPANT',
        'NOT_CONNECTED',
        'CLIENT_MESSAGE_ID_REUSED',
        'RATE_LIMITED',
      ],
      handle: ({ auth, params, body }) => send(auth.userId, { conversationId: params.id }, body),
    }),
    defineRoute({
      method: 'post',
      path: `${BASE}/{id}/read`,
      operationId: 'markConversationRead',
      summary: 'Mark a message and everything before it read',
      description:
        'Markers only move forward. A message id that is not in this conversation answers 400 (`NOT_IN_CONVERSATION`).',
      tags,
      auth: true,
      params: idParams,
      body: z
        .strictObject({ messageId: id('A message of this conversation') })
        .meta({ examples: [{ messageId: '01936f4e-9c00-7abc-8def-0123456789ab' }] }),
      ruleCodes: ['NOT_IN_CONVERSATION'],
      responses: { 204: { description: 'Marked' } },
      problems: ['CONVERSATION_NOT_FOUND', 'NOT_A_PARTICIPANT'],
      handle: async ({ auth, params, body }) => {
        await useCases.markConversationRead.execute({
          viewerId: auth.userId,
          conversationId: params.id,
          messageId: body.messageId,
        });
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/messages/unread-count',
      operationId: 'countUnread',
      summary: 'Unread messages, in total and per conversation',
      description: "Unread: the others' messages after my read marker.",
      tags,
      auth: true,
      responses: {
        200: {
          description: 'Counts (only conversations with unread messages)',
          schema: z.object({
            count: z.int().min(0),
            conversations: z.record(z.string(), z.int().min(1)),
          }),
        },
      },
      handle: async ({ auth }) => ({
        status: 200,
        body: await useCases.countUnread.execute({ userId: auth.userId }),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/users/{ref}/conversation',
      operationId: 'getDirectConversation',
      summary: 'My direct conversation with a member',
      description: 'It exists once either has written; 404 CONVERSATION_NOT_FOUND before.',
      tags,
      auth: true,
      params: z.object({ ref: UserRef }),
      responses: { 200: { description: 'The conversation', schema: ConversationSchema } },
      problems: ['USER_NOT_FOUND', 'CONVERSATION_NOT_FOUND'],
      handle: async ({ ctx, auth, params }) => {
        const view = await useCases.getDirectConversation.execute({ viewerId: auth.userId, ref: params.ref });
        return { status: 200, body: presentConversation(view, clock.now(), publicOrigin(ctx)) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/users/{ref}/messages',
      operationId: 'sendDirectMessage',
      summary: 'Send a direct message',
      description: 'Only to a member I am connected with; the direct conversation is created on first use.',
      tags,
      auth: true,
      params: z.object({ ref: UserRef }),
      body: SendMessageBody,
      responses: sent,
      problems: [
        'USER_NOT_FOUND',
        'NOT_CONNECTED',
        'CANNOT_TARGET_SELF',
        'CLIENT_MESSAGE_ID_REUSED',
        'RATE_LIMITED',
      ],
      handle: ({ auth, params, body }) => send(auth.userId, { userRef: params.ref }, body),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/ws',
      operationId: 'openWebSocket',
      summary: 'The real-time WebSocket',
      description:
        'Upgrade to a WebSocket (`Upgrade: websocket`), authenticated by `Authorization: Bearer …` or `?ticket=` from `POST /api/v1/ws/tickets`; a bad or missing credential answers 401 before any socket. `?since=<id>` replays missed frames, then `replay.done`. Frames are JSON, every one described by the AsyncAPI 3.0 document at `/asyncapi.json`; the protocol whole (frames both ways, replay, presence, heartbeats, close codes 1001/1008/1009/4401) is in docs/api.md of the repository. A plain GET (no upgrade) answers 400.',
      tags: ['Real time'],
      auth: true,
      query: z.object({
        ticket: text({ max: 256, description: 'From POST /api/v1/ws/tickets (browsers)' }).optional(),
        since: text({ max: 64, description: 'The id of the last replayable frame received' }).optional(),
      }),
      ruleCodes: ['WEBSOCKET_REQUIRED'],
      responses: { 101: { description: 'Switching Protocols: the socket is open' } },
      handle: async () => {
        throw new ValidationError([
          { path: '?upgrade', code: 'WEBSOCKET_REQUIRED', message: 'Connect with a WebSocket upgrade' },
        ]);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/ws/tickets',
      operationId: 'issueSocketTicket',
      summary: 'A ticket for opening the WebSocket from a browser',
      description: 'Single use, valid 60 s: connect to `/api/v1/ws?ticket=…`.',
      tags: ['Real time'],
      auth: true,
      responses: { 201: { description: 'The ticket', schema: z.object({ ticket: z.string() }) } },
      handle: async ({ auth }) => ({
        status: 201,
        body: { ticket: await useCases.issueSocketTicket.execute(auth) },
      }),
    }),
  ];
}
