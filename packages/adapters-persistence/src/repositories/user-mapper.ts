import {
  NO_SOCIAL_LINKS,
  snap,
  usernameKey,
  type Gender,
  type LocationSource,
  type Picture,
  type Role,
  type SocialLinks,
  type User,
} from '@kindred/domain';
import type { UserRow } from '../schemas/user-schema.js';
import { parseOptionalTimestamp, parseTimestamp } from '../schemas/timestamps.js';

/** A user row as read, with its pictures aggregated as JSON (oldest first) and its last activity. */
export type UserRowWithPictures = UserRow & {
  pictures: (Omit<Picture, 'createdAt'> & { createdAt: string })[];
  lastSeenAt: Date | string | null;
  online: boolean;
};

export function toUser(row: UserRowWithPictures): User {
  return {
    id: row.id,
    username: row.username,
    email: row.email,
    pendingEmail: row.pendingEmail,
    emailVerified: row.emailVerified,
    passwordHash: row.passwordHash,
    firstName: row.firstName,
    lastName: row.lastName,
    birthDate: row.birthDate,
    gender: row.gender as Gender | null,
    sexualPreference: row.sexualPreference as Gender[] | null,
    biography: row.biography,
    interests: row.interests,
    occupation: row.occupation,
    socialLinks: { ...NO_SOCIAL_LINKS, ...row.socialLinks } as SocialLinks,
    location:
      row.latitude === null || row.longitude === null
        ? null
        : {
            latitude: row.latitude,
            longitude: row.longitude,
            source: (row.locationSource ?? 'manual') as LocationSource,
            city: row.city,
          },
    pictures: row.pictures.map((p) => ({ ...p, createdAt: new Date(p.createdAt) })),
    profilePictureId: row.profilePictureId,
    fameRating: row.fameRating,
    online: row.online,
    lastSeenAt: parseOptionalTimestamp(row.lastSeenAt),
    role: row.role as Role,
    suspendedUntil: parseOptionalTimestamp(row.suspendedUntil),
    banned: row.banned,
    createdAt: parseTimestamp(row.createdAt),
    updatedAt: parseTimestamp(row.updatedAt),
  };
}

export function toUserRow(user: User): UserRow {
  return {
    id: user.id,
    username: user.username,
    usernameKey: usernameKey(user.username),
    email: user.email,
    pendingEmail: user.pendingEmail,
    emailVerified: user.emailVerified,
    passwordHash: user.passwordHash,
    firstName: user.firstName,
    lastName: user.lastName,
    birthDate: user.birthDate,
    gender: user.gender,
    sexualPreference: user.sexualPreference === null ? null : [...user.sexualPreference],
    biography: user.biography,
    interests: [...user.interests],
    occupation: user.occupation,
    socialLinks: { ...user.socialLinks },
    latitude: user.location?.latitude ?? null,
    longitude: user.location?.longitude ?? null,
    locationSource: user.location?.source ?? null,
    city: user.location?.city ?? null,
    gridLat: user.location ? snap(user.location.latitude) : null,
    gridLon: user.location ? snap(user.location.longitude) : null,
    profilePictureId: user.profilePictureId,
    fameRating: user.fameRating,
    role: user.role,
    suspendedUntil: user.suspendedUntil,
    banned: user.banned,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}
