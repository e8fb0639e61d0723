import type { Participant } from './conversation.js';
import type { Message } from './message.js';
import type { Notification } from '../notifications/notification.js';

/**
 * The rules of read markers and unread counts, in one place. The in-memory
 * adapters apply these functions; the PostgreSQL adapter restates them in
 * SQL for speed, and the ChatRepository and SocialRepository contracts hold
 * both to them (docs/adr/0008 lists each rule SQL restates).
 */

/** Unread: the others' messages after the reader's marker ("up to and including"). */
export function unreadFor(
  messages: readonly Message[],
  reader: Pick<Participant, 'userId' | 'readUpTo'>,
): number {
  const from = reader.readUpTo === null ? 0 : messages.findIndex((m) => m.id === reader.readUpTo) + 1;
  return messages.slice(from).filter((m) => m.senderId !== reader.userId).length;
}

/** Sending moves the sender's own marker to the message sent: one's own messages are never unread. */
export function markerAfterSending<P extends Pick<Participant, 'userId' | 'readUpTo'>>(
  participant: P,
  message: Message,
): P {
  return participant.userId === message.senderId ? { ...participant, readUpTo: message.id } : participant;
}

/** Markers move forward only: the position of the message named, if later than the marker's. */
export function movesForward(
  messages: readonly Message[],
  marker: string | null,
  messageId: string,
): boolean {
  const target = messages.findIndex((m) => m.id === messageId);
  const current = marker === null ? -1 : messages.findIndex((m) => m.id === marker);
  return target > current;
}

/**
 * One `message` notification per member and conversation until it is read:
 * a new message notifies only when none of that conversation is waiting.
 */
export function noticeWaiting(notifications: readonly Notification[], notice: Notification): boolean {
  return notifications.some(
    (n) =>
      n.userId === notice.userId &&
      n.type === 'message' &&
      n.conversationId === notice.conversationId &&
      n.readAt === null,
  );
}
