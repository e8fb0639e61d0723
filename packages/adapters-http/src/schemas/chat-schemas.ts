import { z } from 'zod';
import { CLIENT_MESSAGE_ID_MAX, GROUP_TITLE_MAX, MESSAGE_MAX_CODE_POINTS } from '@kindred/domain';
import { ProfileSummarySchema } from './social-schemas.js';
import { IdOut, Instant } from './common.js';
import { text } from './text.js';

export const MessageSchema = z
  .object({
    id: IdOut,
    conversationId: IdOut,
    sender: z.object({ id: IdOut, username: z.string() }),
    content: z.string(),
    clientMessageId: z.string().nullable(),
    createdAt: Instant,
  })
  .meta({
    id: 'Message',
    examples: [
      {
        id: '01936f4e-9c00-7abc-8def-0123456789ab',
        conversationId: '01936f4e-8b7a-7cde-9f01-23456789abcd',
        sender: { id: '01936f4e-7000-7000-8000-000000000001', username: 'ada' },
        content: 'Tea at five?',
        clientMessageId: 'c-1700000000-1',
        createdAt: '2026-11-22T16:00:00.000Z',
      },
    ],
  });

export const ConversationSchema = z
  .object({
    id: IdOut,
    kind: z.enum(['direct', 'group']),
    title: z.string().nullable(),
    createdBy: IdOut,
    participants: z.array(ProfileSummarySchema),
    lastMessage: MessageSchema.nullable(),
    unreadCount: z.int().min(0),
    readUpTo: z
      .record(z.string(), IdOut.nullable())
      .meta({ description: 'For each participant id, the last message they have read' }),
    updatedAt: Instant,
  })
  .meta({
    id: 'Conversation',
    examples: [
      {
        id: '01936f4e-8b7a-7cde-9f01-23456789abcd',
        kind: 'group',
        title: 'Saturday hike',
        createdBy: '01936f4e-7000-7000-8000-000000000001',
        participants: [],
        lastMessage: null,
        unreadCount: 0,
        readUpTo: { '01936f4e-7000-7000-8000-000000000001': null },
        updatedAt: '2026-11-22T16:00:00.000Z',
      },
    ],
  });

export const MessageContent = text({
  kind: 'multiline',
  min: 1,
  max: MESSAGE_MAX_CODE_POINTS,
  trim: true,
  lengthCode: { short: 'REQUIRED', long: 'TOO_LONG' },
  description: `1–${MESSAGE_MAX_CODE_POINTS} code points after trimming; line breaks kept`,
  example: 'Tea at five?',
});

export const ClientMessageId = text({
  min: 1,
  max: CLIENT_MESSAGE_ID_MAX,
  description: 'Makes the send idempotent: unique per sender for 24 h',
  example: 'c-1700000000-1',
});

export const GroupTitle = text({
  min: 1,
  max: GROUP_TITLE_MAX,
  trim: true,
  description: `1–${GROUP_TITLE_MAX} code points after trimming`,
  example: 'Saturday hike',
});

export const SendMessageBody = z
  .strictObject({ content: MessageContent, clientMessageId: ClientMessageId.nullable().optional() })
  .meta({ examples: [{ content: 'Tea at five?', clientMessageId: 'c-1700000000-1' }] });
