import type { Ports } from '../ports/index.js';
import { refreshFameOf } from '../matching/refresh-fame.js';
import { notify } from '../social/notify.js';
import { cannotTargetSelf, refersTo, resolveOther } from '../social/resolve-user.js';
import { loadSelf } from './get-me.js';

export class UnlikeUser {
  constructor(
    private readonly ports: Pick<Ports, 'users' | 'social' | 'notifications' | 'events' | 'clock' | 'ids'>,
  ) {}

  async execute(input: {
    readonly viewerId: string;
    readonly ref: string;
  }): Promise<{ liked: false; connected: false }> {
    const viewer = await loadSelf(this.ports.users, input.viewerId);
    if (refersTo(viewer, input.ref)) throw cannotTargetSelf();
    const { target, relations } = await resolveOther(this.ports, viewer, input.ref);
    const wasConnected = relations.likesMe;
    const removed = await this.ports.social.unlike(viewer.id, target.id);
    // Until the viewer likes them again, the target's likes and visits stay silent for the viewer.
    await this.ports.social.setMuted(viewer.id, target.id, true);
    if (removed) {
      if (wasConnected) await notify(this.ports, target, 'unlike', viewer);
      await refreshFameOf(this.ports, target.id);
      if (wasConnected) await refreshFameOf(this.ports, viewer.id);
    }
    return { liked: false, connected: false };
  }
}
