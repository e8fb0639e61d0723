import type { Ports } from '../ports/index.js';
import type { NotificationType } from '../notifications/notification.js';
import type { User } from '../users/user.js';

/** Stores a notification for `recipient` and tells them, as they will see it, of what `actor` did. */
export async function notify(
  ports: Pick<Ports, 'notifications' | 'events' | 'clock' | 'ids'>,
  recipient: User,
  type: NotificationType,
  actor: User,
): Promise<void> {
  const notification = {
    id: ports.ids.next(),
    userId: recipient.id,
    type,
    actorId: actor.id,
    conversationId: null,
    createdAt: ports.clock.now(),
    readAt: null,
  };
  await ports.notifications.add(notification);
  await ports.events.publish({ type: 'notification', notification, recipient, actor });
}

/** One notification per viewer per 24 h for visits. */
export const VISIT_NOTICE_QUIET_MS = 24 * 60 * 60 * 1000;
