import type { Ports } from '../ports/index.js';
import type { User } from '../users/user.js';
import { errors } from '../errors.js';
import { profilePictureAfterRemoval } from '../users/picture.js';
import { withFreshFame } from '../matching/refresh-fame.js';
import { loadSelf } from './get-me.js';

/**
 * Removes one of `owner`'s pictures and its file; the oldest remaining one replaces a removed
 * profile picture (fame recomputed). The owner as they are afterwards; PICTURE_NOT_FOUND if not theirs.
 */
export async function removePictureOf(
  ports: Pick<Ports, 'users' | 'pictureStorage' | 'clock' | 'social'>,
  owner: User,
  pictureId: string,
): Promise<User> {
  const removed = await ports.users.removePicture(owner.id, pictureId);
  if (!removed) throw errors.pictureNotFound();
  await ports.pictureStorage.remove(removed.key);
  const fresh = await loadSelf(ports.users, owner.id);
  const profilePictureId = profilePictureAfterRemoval(owner.pictures, fresh.profilePictureId, removed.id);
  if (profilePictureId === fresh.profilePictureId) return fresh;
  const updated = await withFreshFame(ports, { ...fresh, profilePictureId, updatedAt: ports.clock.now() });
  await ports.users.update(updated, fresh);
  return updated;
}

/** Removes a picture and its file; the oldest remaining one replaces a removed profile picture. */
export class DeletePicture {
  constructor(private readonly ports: Pick<Ports, 'users' | 'pictureStorage' | 'clock' | 'social'>) {}

  async execute(input: { readonly userId: string; readonly pictureId: string }): Promise<User> {
    return removePictureOf(this.ports, await loadSelf(this.ports.users, input.userId), input.pictureId);
  }
}
