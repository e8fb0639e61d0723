import type { Ports } from '../ports/index.js';
import type { User } from '../users/user.js';
import { errors } from '../errors.js';
import { withFreshFame } from '../matching/refresh-fame.js';
import { loadSelf } from './get-me.js';

/** Chooses which of one's pictures is the profile picture. */
export class SetProfilePicture {
  constructor(private readonly ports: Pick<Ports, 'users' | 'clock' | 'social'>) {}

  async execute(input: { readonly userId: string; readonly pictureId: string }): Promise<User> {
    const user = await loadSelf(this.ports.users, input.userId);
    if (!user.pictures.some((p) => p.id === input.pictureId)) throw errors.pictureNotFound();
    if (user.profilePictureId === input.pictureId) return user;
    const updated = await withFreshFame(this.ports, {
      ...user,
      profilePictureId: input.pictureId,
      updatedAt: this.ports.clock.now(),
    });
    await this.ports.users.update(updated, user);
    return updated;
  }
}
