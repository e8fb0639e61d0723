import { z } from 'zod';
import { ProfileSummarySchema } from './social-schemas.js';

export const MessageSchema = z
  .object({
    id: z.string(),
    conversationId: z.string(),
    sender: z.object({ id: z.string(), username: z.string() }),
    content: z.string(),
    clientMessageId: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Message' });

export const ConversationSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['direct', 'group']),
    title: z.string().nullable(),
    createdBy: z.string(),
    participants: z.array(ProfileSummarySchema),
    lastMessage: MessageSchema.nullable(),
    unreadCount: z.number().int(),
    readUpTo: z.record(z.string(), z.string().nullable()),
    updatedAt: z.string(),
  })
  .meta({ id: 'Conversation' });

/** Content is checked by the domain (code points after trimming); this bounds the raw size. */
export const SendMessageBody = z.strictObject({
  content: z.string().max(16_000),
  clientMessageId: z.string().min(1).max(64).nullable().optional(),
});
