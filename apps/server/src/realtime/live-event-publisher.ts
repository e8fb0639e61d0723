import type { Logger } from 'pino';
import { presentConversation, presentMessage, presentNotification } from '@kindred/adapters-http';
import {
  conversationView,
  type Clock,
  type Delivery,
  type DomainEvent,
  type EventBus,
  type EventLog,
  type EventPublisher,
  type Ports,
} from '@kindred/domain';

interface Entry {
  readonly userId: string;
  readonly type: string;
  readonly data: unknown;
}

/**
 * Turns what the use cases report into the contract's frames, as each
 * recipient sees them (a notification's actor, a conversation's unread
 * count), keeps the replayable ones in the event log, which gives them their
 * ids, and hands every frame to the bus for the sockets on every node.
 *
 * Runs after the change is stored: a failure here is logged, not reported to
 * the request that made the change (the change happened; a client that
 * missed the frame catches up from the log or over HTTP).
 */
export class LiveEventPublisher implements EventPublisher {
  constructor(
    private readonly ports: Pick<Ports, 'users' | 'chat'>,
    private readonly eventLog: EventLog,
    private readonly bus: EventBus,
    private readonly clock: Clock,
    /** Read at each event: the port is known only once the server listens. */
    private readonly mediaBaseUrl: () => string,
    private readonly logger: Logger,
  ) {}

  async publish(event: DomainEvent): Promise<void> {
    try {
      const at = this.clock.now();
      if (event.type === 'typing' || event.type === 'presence') {
        const data = await this.ephemeralData(event);
        if (!data) return;
        const frame = { type: event.type, data, at: at.toISOString() };
        await this.bus.publish(event.recipients.map((userId): Delivery => ({ userId, frame })));
        return;
      }
      const entries = await this.entries(event, at);
      if (entries.length === 0) return;
      const deliveries = await this.eventLog.append(entries.map((e) => ({ ...e, at })));
      await this.bus.publish(deliveries);
    } catch (error) {
      this.logger.warn({ err: error, event: event.type }, 'a live event could not be delivered');
    }
  }

  private async ephemeralData(event: Extract<DomainEvent, { type: 'typing' | 'presence' }>) {
    if (event.type === 'presence')
      return {
        userId: event.userId,
        online: event.online,
        lastSeenAt: event.lastSeenAt?.toISOString() ?? null,
      };
    const user = await this.ports.users.findById(event.userId);
    return user
      ? { conversationId: event.conversationId, user: { id: user.id, username: user.username } }
      : null;
  }

  private async entries(
    event: Exclude<DomainEvent, { type: 'typing' | 'presence' }>,
    now: Date,
  ): Promise<Entry[]> {
    switch (event.type) {
      case 'notification': {
        const n = event.notification;
        const [viewer, actor] = await Promise.all([
          this.ports.users.findById(n.userId),
          this.ports.users.findById(n.actorId),
        ]);
        if (!viewer || !actor) return [];
        return [
          {
            userId: n.userId,
            type: 'notification',
            data: presentNotification(viewer, n, actor, now, this.mediaBaseUrl()),
          },
        ];
      }
      case 'notification.read':
        return [
          {
            userId: event.userId,
            type: 'notification.read',
            data: { ...event.which, unreadCount: event.unreadCount },
          },
        ];
      case 'message.new': {
        const sender = await this.ports.users.findById(event.message.senderId);
        if (!sender) return [];
        const data = presentMessage({ message: event.message, sender });
        return event.recipients.map((userId) => ({ userId, type: 'message.new', data }));
      }
      case 'message.read': {
        const data = {
          conversationId: event.conversationId,
          userId: event.userId,
          messageId: event.messageId,
        };
        return event.recipients.map((userId) => ({ userId, type: 'message.read', data }));
      }
      case 'conversation.updated': {
        const state = await this.ports.chat.get(event.conversationId);
        if (!state) return [];
        const viewers = await this.ports.users.findByIds([...event.recipients]);
        return Promise.all(
          viewers.map(async (viewer) => ({
            userId: viewer.id,
            type: 'conversation.updated',
            data: presentConversation(
              await conversationView(this.ports, viewer, state),
              now,
              this.mediaBaseUrl(),
            ),
          })),
        );
      }
    }
  }
}
