import { z } from 'zod';
import { GenderSchema, PictureSchema, SocialLinksSchema } from './me-schema.js';

export const ProfileSummarySchema = z
  .object({
    id: z.string(),
    username: z.string(),
    firstName: z.string(),
    age: z.number().int().nullable(),
    gender: GenderSchema.nullable(),
    profilePictureUrl: z.string().nullable(),
    fameRating: z.number(),
    distanceKm: z
      .number()
      .int()
      .nullable()
      .meta({ description: 'Whole km ≥ 1 between positions snapped to a ~1 km grid' }),
    commonInterests: z.array(z.string()),
    online: z.boolean(),
    lastSeenAt: z.string().nullable(),
  })
  .meta({ id: 'ProfileSummary' });

export const ProfileSchema = ProfileSummarySchema.extend({
  lastName: z.string(),
  biography: z.string().nullable(),
  interests: z.array(z.string()),
  pictures: z.array(PictureSchema),
  sexualPreference: z.array(GenderSchema),
  occupation: z.string().nullable(),
  socialLinks: SocialLinksSchema,
  likedByMe: z.boolean(),
  likesMe: z.boolean(),
  connected: z.boolean(),
  reportedByMe: z.boolean(),
}).meta({ id: 'Profile' });

export const NotificationSchema = z
  .object({
    id: z.string(),
    type: z.enum(['like', 'visit', 'message', 'match', 'unlike']),
    actor: ProfileSummarySchema,
    conversationId: z.string().nullable(),
    createdAt: z.string(),
    readAt: z.string().nullable(),
  })
  .meta({ id: 'Notification' });

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const PageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(500).optional(),
});
