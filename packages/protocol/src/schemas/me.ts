import { z } from 'zod';
import { GENDERS, NO_SOCIAL_LINKS, ROLES, SOCIAL_NETWORKS } from '@kindred/domain';
import { IdOut, Instant } from './common.js';

export const GenderSchema = z.enum(GENDERS).meta({ id: 'Gender' });

const socialShape = Object.fromEntries(SOCIAL_NETWORKS.map((n) => [n, z.url().nullable()])) as Record<
  (typeof SOCIAL_NETWORKS)[number],
  z.ZodNullable<z.ZodURL>
>;
export const SocialLinksSchema = z
  .object(socialShape)
  .meta({ id: 'SocialLinks', description: 'Each an https:// URL or null' });

export const PictureSchema = z
  .object({
    id: IdOut,
    url: z.url().meta({ description: 'Public and unguessable: works in an <img> without a token' }),
    width: z.int().min(1),
    height: z.int().min(1),
    isProfilePicture: z.boolean(),
  })
  .meta({
    id: 'Picture',
    examples: [
      {
        id: '01936f4e-8b7a-7cde-9f01-23456789abcd',
        url: 'https://api.kindred.example/media/3q2-7wE….jpg',
        width: 1536,
        height: 2048,
        isProfilePicture: true,
      },
    ],
  });

export const LocationSchema = z
  .object({
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
    source: z.enum(['gps', 'manual', 'ip']),
    city: z.string().nullable(),
  })
  .meta({ id: 'Location' });

export const MeSchema = z
  .object({
    id: IdOut,
    username: z.string(),
    email: z.string().meta({ format: 'email' }),
    pendingEmail: z.string().meta({ format: 'email' }).nullable(),
    emailVerified: z.boolean(),
    firstName: z.string(),
    lastName: z.string(),
    birthDate: z.iso.date().nullable(),
    age: z.int().min(18).nullable(),
    gender: GenderSchema.nullable(),
    sexualPreference: z.array(GenderSchema).min(1).meta({ description: 'Genders sought' }),
    biography: z.string().nullable(),
    interests: z.array(z.string()),
    occupation: z.string().nullable(),
    socialLinks: SocialLinksSchema,
    pictures: z.array(PictureSchema),
    profilePictureId: IdOut.nullable(),
    location: LocationSchema.nullable(),
    fameRating: z.number().min(0).max(10),
    profileComplete: z.boolean(),
    role: z
      .enum(ROLES)
      .meta({ id: 'Role', description: 'Granted from the command line only (npm run admin)' }),
    createdAt: Instant,
  })
  .meta({
    id: 'Me',
    description: 'The signed-in user',
    examples: [
      {
        id: '01936f4e-8b7a-7cde-9f01-23456789abcd',
        username: 'ada',
        email: 'ada@example.org',
        pendingEmail: null,
        emailVerified: true,
        firstName: 'Ada',
        lastName: 'Lovelace',
        birthDate: '1994-06-01',
        age: 32,
        gender: 'female',
        sexualPreference: ['male', 'female'],
        biography: 'Poetical science.',
        interests: ['mathematics', 'poetry'],
        occupation: 'Analyst',
        socialLinks: { ...NO_SOCIAL_LINKS, website: 'https://ada.example.org' },
        pictures: [],
        profilePictureId: null,
        location: { latitude: 51.5072, longitude: -0.1276, source: 'manual', city: null },
        fameRating: 3.4,
        profileComplete: false,
        role: 'member',
        createdAt: '2026-11-22T16:00:00.000Z',
      },
    ],
  });

export type MeDto = z.infer<typeof MeSchema>;
export type PictureDto = z.infer<typeof PictureSchema>;
