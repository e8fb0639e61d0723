import type { Ports } from '../ports/index.js';
import type { User } from '../users/user.js';
import { errors } from '../errors.js';
import { profilePictureAfterRemoval } from '../users/picture.js';
import { withFreshFame } from '../matching/refresh-fame.js';
import { loadSelf } from './get-me.js';

/** Removes a picture and its file; the oldest remaining one replaces a removed profile picture. */
export class DeletePicture {
  constructor(private readonly ports: Pick<Ports, 'users' | 'pictureStorage' | 'clock' | 'social'>) {}

  async execute(input: { readonly userId: string; readonly pictureId: string }): Promise<User> {
    const user = await loadSelf(this.ports.users, input.userId);
    const removed = await this.ports.users.removePicture(user.id, input.pictureId);
    if (!removed) throw errors.pictureNotFound();
    await this.ports.pictureStorage.remove(removed.key);
    const fresh = await loadSelf(this.ports.users, user.id);
    const profilePictureId = profilePictureAfterRemoval(user.pictures, fresh.profilePictureId, removed.id);
    if (profilePictureId === fresh.profilePictureId) return fresh;
    const updated = await withFreshFame(this.ports, {
      ...fresh,
      profilePictureId,
      updatedAt: this.ports.clock.now(),
    });
    await this.ports.users.update(updated, fresh);
    return updated;
  }
}
