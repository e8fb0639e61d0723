import { z } from 'zod';
import { ProfileSummarySchema } from './profiles.js';
import { IdOut, Instant } from './common.js';

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

export type MessageDto = z.infer<typeof MessageSchema>;
export type ConversationDto = z.infer<typeof ConversationSchema>;
