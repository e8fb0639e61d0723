import { z } from 'zod';
import { NOTIFICATION_TYPES } from '@kindred/domain';
import { GenderSchema, PictureSchema, SocialLinksSchema } from './me.js';
import { IdOut, Instant } from './common.js';

/** The member the examples show. */
const GRACE = {
  id: '01936f4e-8b7a-7cde-9f01-23456789abcd',
  username: 'grace',
  firstName: 'Grace',
  age: 31,
  gender: 'female',
  profilePictureUrl: 'https://api.kindred.example/media/Qm9…jpg',
  fameRating: 5.2,
  distanceKm: 3,
  commonInterests: ['sailing'],
  online: false,
  lastSeenAt: '2026-11-22T16:00:00.000Z',
};

export const ProfileSummarySchema = z
  .object({
    id: IdOut,
    username: z.string(),
    firstName: z.string(),
    age: z.int().min(18).nullable(),
    gender: GenderSchema.nullable(),
    profilePictureUrl: z.url().nullable(),
    fameRating: z.number().min(0).max(10),
    distanceKm: z
      .int()
      .min(1)
      .nullable()
      .meta({ description: 'Whole km ≥ 1 between positions snapped to a ~1 km grid' }),
    commonInterests: z.array(z.string()),
    online: z.boolean().meta({ description: 'A socket of theirs is open' }),
    lastSeenAt: Instant.nullable(),
  })
  .meta({
    id: 'ProfileSummary',
    examples: [GRACE],
  });

export const ProfileSchema = ProfileSummarySchema.extend({
  lastName: z.string(),
  biography: z.string().nullable(),
  interests: z.array(z.string()),
  pictures: z.array(PictureSchema),
  sexualPreference: z.array(GenderSchema).min(1),
  occupation: z.string().nullable(),
  socialLinks: SocialLinksSchema,
  likedByMe: z.boolean(),
  likesMe: z.boolean(),
  connected: z.boolean().meta({ description: 'Both like each other and neither blocked the other' }),
  reportedByMe: z.boolean(),
}).meta({
  id: 'Profile',
  examples: [
    {
      ...GRACE,
      online: true,
      lastSeenAt: null,
      lastName: 'Hopper',
      biography: 'Compilers by day, sailing by night.',
      interests: ['sailing', 'cobol'],
      pictures: [],
      sexualPreference: ['male', 'female', 'nonbinary'],
      occupation: 'Rear admiral',
      socialLinks: {
        website: null,
        linkedin: null,
        github: 'https://github.com/grace',
        instagram: null,
        twitter: null,
        facebook: null,
        youtube: null,
      },
      likedByMe: true,
      likesMe: true,
      connected: true,
      reportedByMe: false,
    },
  ],
});

export const NotificationSchema = z
  .object({
    id: IdOut,
    type: z.enum(NOTIFICATION_TYPES),
    actor: ProfileSummarySchema.nullable(),
    conversationId: IdOut.nullable(),
    createdAt: Instant,
    readAt: Instant.nullable(),
  })
  .meta({
    id: 'Notification',
    description: '`actor` is null only for `moderation` notifications',
    examples: [
      {
        id: '01936f4e-a000-7000-8000-000000000001',
        type: 'match',
        actor: {
          id: '01936f4e-8b7a-7cde-9f01-23456789abcd',
          username: 'grace',
          firstName: 'Grace',
          age: 31,
          gender: 'female',
          profilePictureUrl: null,
          fameRating: 5.2,
          distanceKm: 3,
          commonInterests: [],
          online: false,
          lastSeenAt: null,
        },
        conversationId: null,
        createdAt: '2026-11-22T16:00:00.000Z',
        readAt: null,
      },
    ],
  });

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z
      .string()
      .nullable()
      .meta({ description: 'Pass as `cursor` for the next page; null at the end' }),
  });

export type ProfileSummaryDto = z.infer<typeof ProfileSummarySchema>;
export type ProfileDto = z.infer<typeof ProfileSchema>;
export type NotificationDto = z.infer<typeof NotificationSchema>;
