import { ageOn, isProfileComplete, soughtGenders, type Picture, type User } from '@kindred/domain';
import type { MeDto, PictureDto } from '../schemas/me.js';

/** Where a picture is served: public, unguessable, under `/media/`. */
export function pictureUrl(picture: Pick<Picture, 'key'>, mediaBaseUrl: string): string {
  return `${mediaBaseUrl}/media/${picture.key}`;
}

/** The `Me` document of the contract. `mediaBaseUrl` is the origin the client reached (picture URLs). */
export function presentMe(user: User, now: Date, mediaBaseUrl: string): MeDto {
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
    pictures: user.pictures.map((picture) => presentPicture(picture, user.profilePictureId, mediaBaseUrl)),
    profilePictureId: user.profilePictureId,
    location: user.location && { ...user.location },
    fameRating: user.fameRating,
    profileComplete: isProfileComplete(user),
    role: user.role,
    createdAt: user.createdAt.toISOString(),
  };
}

export function presentPicture(
  picture: Picture,
  profilePictureId: string | null,
  mediaBaseUrl: string,
): PictureDto {
  return {
    id: picture.id,
    url: pictureUrl(picture, mediaBaseUrl),
    width: picture.width,
    height: picture.height,
    isProfilePicture: picture.id === profilePictureId,
  };
}
