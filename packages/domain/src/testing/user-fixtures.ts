import type { User } from '../users/user.js';
import { DomainError } from '../errors.js';
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

/** A valid user with one picture, its profile picture (what liking needs). */
export function aUserWithPicture(overrides: Partial<User> & Pick<User, 'id'>): User {
  const pictureId = `${overrides.id.slice(0, -1)}f`;
  const username = overrides.username ?? `user_${overrides.id.slice(-6)}`;
  return aUser({
    username,
    pictures: [
      {
        id: pictureId,
        key: `${username}.webp`,
        contentType: 'image/webp',
        width: 800,
        height: 800,
        createdAt: new Date('2026-11-01T00:00:00.000Z'),
      },
    ],
    profilePictureId: pictureId,
    ...overrides,
  });
}

/** The code of the DomainError a call fails with, `ok` when it succeeds (anything else: its text). */
export function errorCode(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'ok',
    (e: unknown) => (e instanceof DomainError ? e.code : String(e)),
  );
}
