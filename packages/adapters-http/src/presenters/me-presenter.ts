import { ageOn, isProfileComplete, soughtGenders, type User } from '@kindred/domain';
import type { MeDto } from '../schemas/me-schema.js';

/** The `Me` document of the contract. Pictures and location arrive with the profile work. */
export function presentMe(user: User, now: Date): MeDto {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    pendingEmail: user.pendingEmail,
    emailVerified: user.emailVerified,
    firstName: user.firstName,
    lastName: user.lastName,
    birthDate: user.birthDate,
    age: user.birthDate === null ? null : ageOn(user.birthDate, now),
    gender: user.gender,
    sexualPreference: [...soughtGenders(user)],
    biography: user.biography,
    interests: [...user.interests],
    occupation: user.occupation,
    socialLinks: { ...user.socialLinks },
    pictures: [],
    profilePictureId: null,
    location: null,
    fameRating: user.fameRating,
    profileComplete: isProfileComplete(user, { hasProfilePicture: false, hasLocation: false }),
    createdAt: user.createdAt.toISOString(),
  };
}
