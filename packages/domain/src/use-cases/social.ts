import type { Ports } from '../ports/index.js';
import type { NotificationType } from '../notifications/notification.js';
import type { ListKind, Page, PageCursor, RelationsBetween } from '../ports/social-repository.js';
import type { User } from '../users/user.js';
import { DomainError } from '../errors.js';
import { refreshFameOf } from '../matching/refresh-fame.js';
import { cannotTargetSelf, refersTo, resolveOther } from '../social/resolve-user.js';
import { reportReason } from '../social/report-reason.js';
import { loadSelf } from './get-me.js';

type SocialPorts = Pick<Ports, 'users' | 'social' | 'notifications' | 'events' | 'clock' | 'ids'>;

/** One notification per viewer per 24 h for visits. */
export const VISIT_NOTICE_QUIET_MS = 24 * 60 * 60 * 1000;

async function notify(
  ports: SocialPorts,
  userId: string,
  type: NotificationType,
  actorId: string,
): Promise<void> {
  const notification = {
    id: ports.ids.next(),
    userId,
    type,
    actorId,
    conversationId: null,
    createdAt: ports.clock.now(),
    readAt: null,
  };
  await ports.notifications.add(notification);
  await ports.events.publish({ type: 'notification', notification });
}

export interface ProfileView {
  readonly viewer: User;
  readonly target: User;
  readonly relations: RelationsBetween;
}

/** Another member's profile; records a visit (and tells them at most once a day). */
export class ViewProfile {
  constructor(private readonly ports: SocialPorts) {}

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
      if (tell && !relations.mutedMe) await notify(this.ports, target.id, 'visit', viewer.id);
      await refreshFameOf(this.ports, target.id);
    }
    return { viewer, target, relations };
  }
}

export class LikeUser {
  constructor(private readonly ports: SocialPorts) {}

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
        await notify(this.ports, target.id, 'match', viewer.id);
        await notify(this.ports, viewer.id, 'match', target.id);
      } else if (!relations.mutedMe) {
        await notify(this.ports, target.id, 'like', viewer.id);
      }
      await refreshFameOf(this.ports, target.id);
      if (connected) await refreshFameOf(this.ports, viewer.id);
    }
    return { liked: true, connected };
  }
}

export class UnlikeUser {
  constructor(private readonly ports: SocialPorts) {}

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
      if (wasConnected) await notify(this.ports, target.id, 'unlike', viewer.id);
      await refreshFameOf(this.ports, target.id);
      if (wasConnected) await refreshFameOf(this.ports, viewer.id);
    }
    return { liked: false, connected: false };
  }
}

export class BlockUser {
  constructor(private readonly ports: SocialPorts) {}

  async execute(input: {
    readonly viewerId: string;
    readonly ref: string;
    readonly blocked: boolean;
  }): Promise<{ blocked: boolean }> {
    const viewer = await loadSelf(this.ports.users, input.viewerId);
    if (refersTo(viewer, input.ref)) throw cannotTargetSelf();
    const { target } = await resolveOther(this.ports, viewer, input.ref, { acrossBlocks: true });
    if (input.blocked) await this.ports.social.block(viewer.id, target.id, this.ports.clock.now());
    else await this.ports.social.unblock(viewer.id, target.id);
    return { blocked: input.blocked };
  }
}

export class ReportUser {
  constructor(private readonly ports: SocialPorts) {}

  async execute(input: {
    readonly viewerId: string;
    readonly ref: string;
    readonly reported: boolean;
    readonly reason?: string | null | undefined;
  }): Promise<{ reported: boolean }> {
    const reason = reportReason(input.reason);
    const viewer = await loadSelf(this.ports.users, input.viewerId);
    if (refersTo(viewer, input.ref)) throw cannotTargetSelf();
    const { target } = await resolveOther(this.ports, viewer, input.ref, { acrossBlocks: true });
    const changed = input.reported
      ? await this.ports.social.report(viewer.id, target.id, reason, this.ports.clock.now())
      : await this.ports.social.withdrawReport(viewer.id, target.id);
    if (changed) await refreshFameOf(this.ports, target.id);
    return { reported: input.reported };
  }
}

export interface RelatedUser {
  readonly user: User;
  readonly at: Date;
}

/** Visitors, likers, matches or blocked members of the signed-in user, newest first. */
export class ListRelations {
  constructor(private readonly ports: Pick<Ports, 'users' | 'social'>) {}

  async execute(input: {
    readonly userId: string;
    readonly kind: ListKind;
    readonly limit: number;
    readonly after: PageCursor | null;
  }): Promise<{ viewer: User; page: Page<RelatedUser> }> {
    const viewer = await loadSelf(this.ports.users, input.userId);
    const page = await this.ports.social.list(input.kind, viewer.id, input.limit, input.after);
    const users = new Map(
      (await this.ports.users.findByIds(page.items.map((r) => r.userId))).map((u) => [u.id, u]),
    );
    const items = page.items.flatMap((r) => {
      const user = users.get(r.userId);
      return user ? [{ user, at: r.at }] : [];
    });
    return { viewer, page: { items, next: page.next } };
  }
}
