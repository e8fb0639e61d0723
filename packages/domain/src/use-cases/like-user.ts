import type { Ports } from '../ports/index.js';
import { DomainError } from '../errors.js';
import { refreshFameOf } from '../matching/refresh-fame.js';
import { notify } from '../social/notify.js';
import { cannotTargetSelf, refersTo, resolveOther } from '../social/resolve-user.js';
import { loadSelf } from './get-me.js';

export class LikeUser {
  constructor(
    private readonly ports: Pick<Ports, 'users' | 'social' | 'notifications' | 'events' | 'clock' | 'ids'>,
  ) {}

  async execute(input: {
    readonly viewerId: string;
    readonly ref: string;
  }): Promise<{ liked: true; connected: boolean }> {
    const viewer = await loadSelf(this.ports.users, input.viewerId);
    if (refersTo(viewer, input.ref)) throw cannotTargetSelf();
    const { target, relations } = await resolveOther(this.ports, viewer, input.ref);
    if (viewer.profilePictureId === null) {
      throw new DomainError('PROFILE_PICTURE_REQUIRED', 'Add a profile picture before liking anyone');
    }
    const created = await this.ports.social.like(viewer.id, target.id, this.ports.clock.now());
    await this.ports.social.setMuted(viewer.id, target.id, false);
    // Liking changes neither whether they like the viewer nor whether they muted the viewer.
    const connected = relations.likesMe;
    if (created) {
      if (connected) {
        await notify(this.ports, target, 'match', viewer);
        await notify(this.ports, viewer, 'match', target);
      } else if (!relations.mutedMe) {
        await notify(this.ports, target, 'like', viewer);
      }
      await refreshFameOf(this.ports, target.id);
      if (connected) await refreshFameOf(this.ports, viewer.id);
    }
    return { liked: true, connected };
  }
}
