import type { Ports } from '../ports/index.js';
import type { User } from '../users/user.js';
import { errors } from '../errors.js';
import { profilePictureAfterRemoval } from '../users/picture.js';
import { withFreshFame } from '../matching/refresh-fame.js';
import { checkReason, moderatorAndTarget, throwIfAny } from './moderation-access.js';

type Removal = Pick<
  Ports,
  'users' | 'pictureStorage' | 'moderation' | 'notifications' | 'events' | 'clock' | 'ids' | 'social'
>;

/**
 * A moderator removes a member's picture: the file goes, the profile picture
 * rules apply as when the member deletes it (the oldest remaining takes its
 * place), and the owner gets a `moderation` notification with no actor.
 */
export class RemoveMemberPicture {
  constructor(private readonly ports: Removal) {}

  async execute(input: {
    readonly moderatorId: string;
    readonly userId: string;
    readonly pictureId: string;
    readonly reason: string;
  }): Promise<void> {
    throwIfAny(checkReason(input.reason));
    const { moderator, target } = await moderatorAndTarget(this.ports.users, input.moderatorId, input.userId);
    const removed = await this.ports.users.removePicture(target.id, input.pictureId);
    if (!removed) throw errors.pictureNotFound();
    await this.ports.pictureStorage.remove(removed.key);
    const now = this.ports.clock.now();
    const fresh = (await this.ports.users.findById(target.id)) ?? target;
    const profilePictureId = profilePictureAfterRemoval(target.pictures, fresh.profilePictureId, removed.id);
    let owner: User = fresh;
    if (profilePictureId !== fresh.profilePictureId) {
      owner = await withFreshFame(this.ports, { ...fresh, profilePictureId, updatedAt: now });
      await this.ports.users.update(owner, fresh);
    }
    await this.ports.moderation.record({
      id: this.ports.ids.next(),
      moderator: { id: moderator.id, username: moderator.username },
      action: 'remove-picture',
      target: { id: target.id, username: target.username },
      reason: input.reason.trim(),
      until: null,
      at: now,
    });
    const notification = {
      id: this.ports.ids.next(),
      userId: owner.id,
      type: 'moderation' as const,
      actorId: null,
      conversationId: null,
      createdAt: now,
      readAt: null,
    };
    await this.ports.notifications.add(notification);
    await this.ports.events.publish({ type: 'notification', notification, recipient: owner, actor: null });
  }
}
