import type { DomainEvent } from '@kindred/domain';
import { presentConversation, presentMessage } from '../presenters/chat-presenter.js';
import { presentNotification } from '../presenters/profile-presenter.js';
import type { ServerFrameMap, ServerFrameType } from './frame-map.js';

/** One frame for one recipient, before the event log gives the replayable ones their id. */
export type Rendered = {
  [T in ServerFrameType]: { readonly userId: string; readonly type: T; readonly data: ServerFrameMap[T] };
}[ServerFrameType];

/**
 * The frames a domain event makes, one per recipient, as each sees it: the
 * one place frames are made (HTTP answers use the same presenters). The
 * event carries everything; nothing is read here. `mediaBaseUrl` is where
 * picture URLs point.
 */
export function renderFrames(event: DomainEvent, now: Date, mediaBaseUrl: string): Rendered[] {
  switch (event.type) {
    case 'notification':
      return [
        {
          userId: event.recipient.id,
          type: 'notification',
          data: presentNotification(event.recipient, event.notification, event.actor, now, mediaBaseUrl),
        },
      ];
    case 'notification.read':
      return [
        {
          userId: event.userId,
          type: 'notification.read',
          data: { ...event.which, unreadCount: event.unreadCount } as ServerFrameMap['notification.read'],
        },
      ];
    case 'message.new': {
      const data = presentMessage(event.message);
      return event.recipients.map((userId) => ({ userId, type: 'message.new' as const, data }));
    }
    case 'message.read': {
      const data = { conversationId: event.conversationId, userId: event.userId, messageId: event.messageId };
      return event.recipients.map((userId) => ({ userId, type: 'message.read' as const, data }));
    }
    case 'conversation.updated':
      return event.views.map((view) => ({
        userId: view.viewer.id,
        type: 'conversation.updated' as const,
        data: presentConversation(view, now, mediaBaseUrl),
      }));
    case 'typing': {
      const data = {
        conversationId: event.conversationId,
        user: { id: event.user.id, username: event.user.username },
      };
      return event.recipients.map((userId) => ({ userId, type: 'typing' as const, data }));
    }
    case 'presence': {
      const data = {
        userId: event.userId,
        online: event.online,
        lastSeenAt: event.lastSeenAt?.toISOString() ?? null,
      };
      return event.recipients.map((userId) => ({ userId, type: 'presence' as const, data }));
    }
  }
}
