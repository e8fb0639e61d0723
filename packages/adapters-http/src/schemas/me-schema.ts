import { z } from 'zod';
import { GENDERS, SOCIAL_NETWORKS } from '@kindred/domain';

export const GenderSchema = z.enum(GENDERS).meta({ id: 'Gender' });

const socialShape = Object.fromEntries(SOCIAL_NETWORKS.map((n) => [n, z.string().nullable()])) as Record<
  (typeof SOCIAL_NETWORKS)[number],
  z.ZodNullable<z.ZodString>
>;
export const SocialLinksSchema = z
  .object(socialShape)
  .meta({ id: 'SocialLinks', description: 'Each an https:// URL or null' });

export const PictureSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    width: z.number().int(),
    height: z.number().int(),
    isProfilePicture: z.boolean(),
  })
  .meta({ id: 'Picture' });

export const LocationSchema = z
  .object({
    latitude: z.number(),
    longitude: z.number(),
    source: z.enum(['gps', 'manual', 'ip']),
    city: z.string().nullable(),
  })
  .meta({ id: 'Location' });

export const MeSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    email: z.string(),
    pendingEmail: z.string().nullable(),
    emailVerified: z.boolean(),
    firstName: z.string(),
    lastName: z.string(),
    birthDate: z.string().nullable(),
    age: z.number().int().nullable(),
    gender: GenderSchema.nullable(),
    sexualPreference: z.array(GenderSchema),
    biography: z.string().nullable(),
    interests: z.array(z.string()),
    occupation: z.string().nullable(),
    socialLinks: SocialLinksSchema,
    pictures: z.array(PictureSchema),
    profilePictureId: z.string().nullable(),
    location: LocationSchema.nullable(),
    fameRating: z.number(),
    profileComplete: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'Me', description: 'The signed-in user' });

export type MeDto = z.infer<typeof MeSchema>;
