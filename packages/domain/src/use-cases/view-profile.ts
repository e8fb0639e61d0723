import type { Ports } from '../ports/index.js';
import type { RelationsBetween } from '../ports/social-repository.js';
import type { User } from '../users/user.js';
import { refreshFameOf } from '../matching/refresh-fame.js';
import { VISIT_NOTICE_QUIET_MS, notify } from '../social/notify.js';
import { refersTo, resolveOther } from '../social/resolve-user.js';
import { loadSelf } from './get-me.js';

export interface ProfileView {
  readonly viewer: User;
  readonly target: User;
  readonly relations: RelationsBetween;
}

/** Another member's profile; records a visit (and tells them at most once a day). */
export class ViewProfile {
  constructor(
    private readonly ports: Pick<Ports, 'users' | 'social' | 'notifications' | 'events' | 'clock' | 'ids'>,
  ) {}

  async execute(input: { readonly viewerId: string; readonly ref: string }): Promise<ProfileView> {
    const viewer = await loadSelf(this.ports.users, input.viewerId);
    const { target, relations } = refersTo(viewer, input.ref)
      ? { target: viewer, relations: await this.ports.social.between(viewer.id, viewer.id) }
      : await resolveOther(this.ports, viewer, input.ref);
    if (target.id !== viewer.id) {
      const tell = await this.ports.social.visit(
        viewer.id,
        target.id,
        this.ports.clock.now(),
        VISIT_NOTICE_QUIET_MS,
      );
      // After the target unliked the viewer, the viewer's visits no longer notify them.
      if (tell && !relations.mutedMe) await notify(this.ports, target, 'visit', viewer);
      await refreshFameOf(this.ports, target.id);
    }
    return { viewer, target, relations };
  }
}
