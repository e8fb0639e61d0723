import {
  ageOn,
  gridDistanceKm,
  isConnected,
  soughtGenders,
  type Notification,
  type RelationsBetween,
  type User,
} from '@kindred/domain';
import { pictureUrl, presentPicture } from './me-presenter.js';
import type { NotificationDto, ProfileDto, ProfileSummaryDto } from '../schemas/profiles.js';

/** What one member may see of another: never their email, password or coordinates. */
/** `distanceKm` overrides the distance from the viewer (a search `near` another point). */
export function presentSummary(
  viewer: User,
  target: User,
  now: Date,
  mediaBaseUrl: string,
  distanceKm?: number,
): ProfileSummaryDto {
  const picture = target.pictures.find((p) => p.id === target.profilePictureId);
  const mine = new Set(viewer.interests);
  return {
    id: target.id,
    username: target.username,
    firstName: target.firstName,
    age: target.birthDate === null ? null : ageOn(target.birthDate, now),
    gender: target.gender,
    profilePictureUrl: picture ? pictureUrl(picture, mediaBaseUrl) : null,
    fameRating: target.fameRating,
    distanceKm:
      distanceKm ??
      (viewer.location && target.location ? gridDistanceKm(viewer.location, target.location) : null),
    commonInterests: target.interests.filter((tag) => mine.has(tag) && viewer.id !== target.id),
    online: target.online,
    lastSeenAt: target.online ? null : (target.lastSeenAt?.toISOString() ?? null),
  };
}

export function presentProfile(
  viewer: User,
  target: User,
  relations: RelationsBetween,
  now: Date,
  mediaBaseUrl: string,
): ProfileDto {
  return {
    ...presentSummary(viewer, target, now, mediaBaseUrl),
    lastName: target.lastName,
    biography: target.biography,
    interests: [...target.interests],
    pictures: target.pictures.map((p) => presentPicture(p, target.profilePictureId, mediaBaseUrl)),
    sexualPreference: [...soughtGenders(target)],
    occupation: target.occupation,
    socialLinks: { ...target.socialLinks },
    likedByMe: relations.likedByMe,
    likesMe: relations.likesMe,
    connected: isConnected(relations),
    reportedByMe: relations.reportedByMe,
  };
}

export function presentNotification(
  viewer: User,
  notification: Notification,
  actor: User | null,
  now: Date,
  mediaBaseUrl: string,
): NotificationDto {
  return {
    id: notification.id,
    type: notification.type,
    actor: actor && presentSummary(viewer, actor, now, mediaBaseUrl),
    conversationId: notification.conversationId,
    createdAt: notification.createdAt.toISOString(),
    readAt: notification.readAt?.toISOString() ?? null,
  };
}
