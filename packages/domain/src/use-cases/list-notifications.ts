import type { Ports } from '../ports/index.js';
import type { Notification } from '../notifications/notification.js';
import type { Page, PageCursor } from '../ports/social-repository.js';
import type { User } from '../users/user.js';
import { loadSelf } from './get-me.js';

export interface NotificationWithActor {
  readonly notification: Notification;
  /** Null for a `moderation` notice (moderators stay anonymous). */
  readonly actor: User | null;
}

export class ListNotifications {
  constructor(private readonly ports: Pick<Ports, 'users' | 'notifications'>) {}

  async execute(input: {
    readonly userId: string;
    readonly unreadOnly: boolean;
    readonly limit: number;
    readonly after: PageCursor | null;
  }): Promise<{
    viewer: User;
    page: Page<NotificationWithActor>;
    unreadCount: number;
  }> {
    const viewer = await loadSelf(this.ports.users, input.userId);
    const page = await this.ports.notifications.list(viewer.id, input);
    const actors = new Map(
      (
        await this.ports.users.findByIds([
          ...new Set(page.items.flatMap((n) => (n.actorId === null ? [] : [n.actorId]))),
        ])
      ).map((u) => [u.id, u]),
    );
    const items = page.items.flatMap((notification): NotificationWithActor[] => {
      if (notification.actorId === null) return [{ notification, actor: null }];
      const actor = actors.get(notification.actorId);
      return actor ? [{ notification, actor }] : [];
    });
    return {
      viewer,
      page: { items, next: page.next },
      unreadCount: await this.ports.notifications.unreadCount(viewer.id),
    };
  }
}
