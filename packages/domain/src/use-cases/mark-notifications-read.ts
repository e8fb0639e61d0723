import type { Ports } from '../ports/index.js';

/** Marks notifications read and keeps the member's other tabs in step (`notification.read`). */
export class MarkNotificationsRead {
  constructor(private readonly ports: Pick<Ports, 'notifications' | 'events' | 'clock'>) {}

  async execute(input: {
    readonly userId: string;
    readonly ids?: readonly string[] | undefined;
    readonly upTo?: string | undefined;
  }): Promise<number> {
    const changed = await this.ports.notifications.markRead(
      input.userId,
      {
        ...(input.ids !== undefined && { ids: input.ids }),
        ...(input.upTo !== undefined && { upTo: input.upTo }),
      },
      this.ports.clock.now(),
    );
    if (changed > 0) {
      await this.ports.events.publish({
        type: 'notification.read',
        userId: input.userId,
        which:
          input.ids !== undefined
            ? { ids: input.ids }
            : input.upTo !== undefined
              ? { upTo: input.upTo }
              : { all: true },
        unreadCount: await this.ports.notifications.unreadCount(input.userId),
      });
    }
    return changed;
  }
}
