import type { User } from '../users/user.js';
import { NO_SOCIAL_LINKS } from '../users/user.js';

/** A valid user with every field set; override what a test cares about. */
export function aUser(overrides: Partial<User> & Pick<User, 'id'>): User {
  const n = overrides.id.slice(-6);
  return {
    username: `user_${n}`,
    email: `user_${n}@example.org`,
    pendingEmail: null,
    emailVerified: true,
    passwordHash: 'hash',
    firstName: 'Ada',
    lastName: 'Lovelace',
    birthDate: null,
    gender: null,
    sexualPreference: null,
    biography: null,
    interests: [],
    occupation: null,
    socialLinks: NO_SOCIAL_LINKS,
    location: null,
    pictures: [],
    profilePictureId: null,
    fameRating: 0,
    createdAt: new Date('2026-11-01T00:00:00.000Z'),
    updatedAt: new Date('2026-11-01T00:00:00.000Z'),
    ...overrides,
  };
}
