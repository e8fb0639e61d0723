import { NO_SOCIAL_LINKS, usernameKey, type Gender, type SocialLinks, type User } from '@kindred/domain';
import type { UserRow } from '../schemas/user-schema.js';
import { parseTimestamp } from '../schemas/select-columns.js';

export function toUser(row: UserRow): User {
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
    fameRating: row.fameRating,
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
    fameRating: user.fameRating,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}
