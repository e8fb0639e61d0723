import type { Ports } from '../ports/index.js';
import { removePictureOf } from './delete-picture.js';
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
    const owner = await removePictureOf(this.ports, target, input.pictureId);
    const now = this.ports.clock.now();
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
