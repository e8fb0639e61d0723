import { z } from 'zod';
import { IdOut, Instant } from '../schemas/common.js';
import { ConversationSchema, MessageSchema } from '../schemas/chat.js';
import { NotificationSchema } from '../schemas/profiles.js';

/**
 * Every server → client frame of the contract, by type: the one map the
 * WebSocket server sends, the event log keeps, the client SDK types its
 * events with, and the AsyncAPI document is generated from.
 */
export const SERVER_FRAMES = {
  notification: NotificationSchema,
  'notification.read': z.union([
    z.object({ ids: z.array(IdOut), unreadCount: z.int().min(0) }),
    z.object({ upTo: IdOut, unreadCount: z.int().min(0) }),
    z.object({ all: z.literal(true), unreadCount: z.int().min(0) }),
  ]),
  'message.new': MessageSchema,
  'message.read': z.object({ conversationId: IdOut, userId: IdOut, messageId: IdOut }),
  'conversation.updated': ConversationSchema,
  typing: z.object({ conversationId: IdOut, user: z.object({ id: IdOut, username: z.string() }) }),
  presence: z.object({ userId: IdOut, online: z.boolean(), lastSeenAt: Instant.nullable() }),
  'replay.done': z.object({ lastId: z.string().nullable() }),
  resync: z.object({}),
  pong: z.object({}),
  error: z.object({ code: z.string(), detail: z.string(), clientMessageId: z.string().optional() }),
} as const;

export type ServerFrameType = keyof typeof SERVER_FRAMES;
/** `type` → the `data` it carries. */
export type ServerFrameMap = { [T in ServerFrameType]: z.infer<(typeof SERVER_FRAMES)[T]> };

/** Frames kept in the event log and replayed after `?since=`: they carry an `id`. */
export const REPLAYABLE = [
  'notification',
  'notification.read',
  'message.new',
  'message.read',
  'conversation.updated',
] as const satisfies readonly ServerFrameType[];
export type ReplayableType = (typeof REPLAYABLE)[number];

export type ServerFrame<T extends ServerFrameType = ServerFrameType> = {
  [K in T]: {
    readonly type: K;
    readonly data: ServerFrameMap[K];
    /** Replayable frames only: ordered per recipient. */
    readonly id?: string;
    readonly at: string;
  };
}[T];

export function isReplayable(type: string): type is ReplayableType {
  return (REPLAYABLE as readonly string[]).includes(type);
}
