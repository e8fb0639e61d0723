import { z } from 'zod';
import { Instant } from '../schemas/common.js';
import { ClientFrame } from './client-frames.js';
import { SERVER_FRAMES, isReplayable, type ServerFrameType } from './frame-map.js';

/** The component name of each server frame's schema (the envelope: type, data, id, at). */
export const SERVER_FRAME_NAMES: { readonly [T in ServerFrameType]: string } = {
  notification: 'NotificationFrame',
  'notification.read': 'NotificationReadFrame',
  'message.new': 'MessageNewFrame',
  'message.read': 'MessageReadFrame',
  'conversation.updated': 'ConversationUpdatedFrame',
  typing: 'TypingFrame',
  presence: 'PresenceFrame',
  'replay.done': 'ReplayDoneFrame',
  resync: 'ResyncFrame',
  pong: 'PongFrame',
  error: 'ErrorFrame',
};

const SUMMARIES: { readonly [T in ServerFrameType]: string } = {
  notification: 'A new notification (like, visit, message, match, unlike, moderation)',
  'notification.read': 'Notifications were marked read (keeps the other tabs in step)',
  'message.new': 'A message in one of your conversations (yours too, to your other sockets)',
  'message.read': "A participant's read marker moved",
  'conversation.updated': 'Participants or title changed, as you see the conversation',
  typing: 'Someone is typing in a conversation (not stored, not replayed)',
  presence: 'One of your connections came online or went offline',
  'replay.done': 'Every frame after `since` was replayed; live frames follow',
  resync: '`since` is unknown or too old: fetch state over HTTP',
  pong: 'The answer to a ping',
  error: 'A client frame was refused; the socket stays open',
};

const CLIENT_SUMMARIES: Record<ClientFrame['type'], string> = {
  ping: 'Liveness: answered by pong',
  typing: 'Tell the other participants you are typing',
  read: 'Move your read marker up to and including a message',
  'message.send': 'Send a message: answered by message.new (or error); idempotent by clientMessageId',
};

const CLIENT_NAMES: Record<ClientFrame['type'], string> = {
  ping: 'PingFrame',
  typing: 'TypingClientFrame',
  read: 'ReadFrame',
  'message.send': 'MessageSendFrame',
};

/** The envelope of one server frame, its data the frame map's schema. */
function envelope<T extends ServerFrameType>(type: T) {
  return z
    .object({
      type: z.literal(type),
      data: SERVER_FRAMES[type],
      ...(isReplayable(type) && {
        id: z.string().optional().meta({
          description: 'Opaque, ordered per member; resume with ?since=<id>. Absent on a send replay',
        }),
      }),
      at: Instant,
    })
    .meta({ id: SERVER_FRAME_NAMES[type], description: SUMMARIES[type] });
}

const ENVELOPES = Object.fromEntries(
  (Object.keys(SERVER_FRAMES) as ServerFrameType[]).map((type) => [type, envelope(type)]),
) as { [T in ServerFrameType]: ReturnType<typeof envelope<T>> };

const CLIENT_OPTIONS = ClientFrame.options.map((option) => {
  const type = option.shape.type.value;
  return { type, schema: option.meta({ id: CLIENT_NAMES[type], description: CLIENT_SUMMARIES[type] }) };
});

type JsonSchema = { $ref?: string; [key: string]: unknown };

/** Component schemas of the frames, and of what they name (Message, Conversation, …), by name. */
export function frameSchemas(): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(z.globalRegistry, {
    target: 'draft-7',
    uri: (id) => `#/components/schemas/${id}`,
    unrepresentable: 'any',
  }) as { schemas: Record<string, JsonSchema> };
  // The process's registry holds every schema with an id: keep what the frames reach.
  const keep = new Set<string>();
  const visit = (name: string) => {
    if (keep.has(name) || !schemas[name]) return;
    keep.add(name);
    JSON.stringify(schemas[name], (key, value: unknown) => {
      if (key === '$ref' && typeof value === 'string') visit(value.replace('#/components/schemas/', ''));
      return value;
    });
  };
  for (const schema of [...Object.values(ENVELOPES), ...CLIENT_OPTIONS.map((c) => c.schema)])
    visit((z.globalRegistry.get(schema) as { id: string }).id);
  return Object.fromEntries(
    [...keep].sort().map((name) => {
      const { $schema: _drop, id: _id, ...schema } = schemas[name]!;
      return [name, schema];
    }),
  );
}

/**
 * The AsyncAPI 3.0 document of `/api/v1/ws`, generated from the frame map
 * the server sends and the client frames it parses.
 */
export function buildAsyncApiDocument(version: string): object {
  const messages: Record<string, object> = {};
  const operations: Record<string, object> = {};
  const channelMessages: Record<string, object> = {};
  for (const type of Object.keys(SERVER_FRAMES) as ServerFrameType[]) {
    const name = SERVER_FRAME_NAMES[type];
    messages[name] = {
      name: type,
      title: type,
      summary: SUMMARIES[type],
      contentType: 'application/json',
      payload: { $ref: `#/components/schemas/${name}` },
    };
    channelMessages[name] = { $ref: `#/components/messages/${name}` };
    operations[`receive${name}`] = {
      action: 'receive',
      channel: { $ref: '#/channels/live' },
      summary: SUMMARIES[type],
      messages: [{ $ref: `#/channels/live/messages/${name}` }],
    };
  }
  for (const { type } of CLIENT_OPTIONS) {
    const name = CLIENT_NAMES[type];
    messages[name] = {
      name: type,
      title: type,
      summary: CLIENT_SUMMARIES[type],
      contentType: 'application/json',
      payload: { $ref: `#/components/schemas/${name}` },
    };
    channelMessages[name] = { $ref: `#/components/messages/${name}` };
    operations[`send${name}`] = {
      action: 'send',
      channel: { $ref: '#/channels/live' },
      summary: CLIENT_SUMMARIES[type],
      messages: [{ $ref: `#/channels/live/messages/${name}` }],
    };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Kindred real time',
      version,
      description:
        'One WebSocket per tab or device at /api/v1/ws. Authenticate at the upgrade with `Authorization: Bearer <accessToken>` or `?ticket=` (POST /api/v1/ws/tickets; browsers). Frames are JSON: server frames `{ type, data, id?, at }`, client frames `{ type, … }`. Reconnect with `?since=<last id>` to replay what was missed. Close codes: 1001 server going away, 1008 policy (a socket that does not keep up), 1009 frame too large, 4401 session revoked. The server pings every 25 s. See docs/api.md.',
    },
    servers: {
      kindred: {
        host: 'localhost:3000',
        protocol: 'ws',
        description: 'The API server (wss behind TLS)',
        security: [
          { $ref: '#/components/securitySchemes/bearer' },
          { $ref: '#/components/securitySchemes/ticket' },
        ],
      },
    },
    channels: {
      live: {
        address: '/api/v1/ws',
        title: 'A member’s live events',
        messages: channelMessages,
        bindings: {
          ws: {
            method: 'GET',
            query: {
              type: 'object',
              properties: {
                ticket: { type: 'string', description: 'From POST /api/v1/ws/tickets (single use, 60 s)' },
                since: { type: 'string', description: 'The id of the last replayable frame received' },
              },
            },
          },
        },
      },
    },
    operations,
    components: {
      schemas: frameSchemas(),
      messages,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        ticket: { type: 'httpApiKey', name: 'ticket', in: 'query' },
      },
    },
  };
}
