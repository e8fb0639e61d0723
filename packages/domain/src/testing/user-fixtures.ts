import type { User } from '../users/user.js';
import { EMPTY_PROFILE } from '../users/user.js';

/** A valid user with every field set; override what a test cares about. */
export function aUser(overrides: Partial<User> & Pick<User, 'id'>): User {
  const n = overrides.id.slice(-6);
  return {
    username: `user_${n}`,
    email: `user_${n}@example.org`,
    ...EMPTY_PROFILE,
    emailVerified: true,
    passwordHash: 'hash',
    firstName: 'Ada',
    lastName: 'Lovelace',
    createdAt: new Date('2026-11-01T00:00:00.000Z'),
    updatedAt: new Date('2026-11-01T00:00:00.000Z'),
    ...overrides,
  };
}
