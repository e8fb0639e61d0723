import type { User } from './user.js';

/** What a profile needs before it takes part in discovery (the contract's definition). */
export function isProfileComplete(
  user: Pick<User, 'gender' | 'birthDate' | 'biography' | 'interests' | 'profilePictureId' | 'location'>,
): boolean {
  return (
    user.gender !== null &&
    user.birthDate !== null &&
    user.biography !== null &&
    user.interests.length > 0 &&
    user.profilePictureId !== null &&
    user.location !== null
  );
}
