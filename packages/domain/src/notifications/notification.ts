export const NOTIFICATION_TYPES = ['like', 'visit', 'message', 'match', 'unlike', 'moderation'] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

export interface Notification {
  readonly id: string;
  /** Who is told. */
  readonly userId: string;
  readonly type: NotificationType;
  /** Who did it; null for `moderation` (moderators stay anonymous). */
  readonly actorId: string | null;
  readonly conversationId: string | null;
  readonly createdAt: Date;
  readonly readAt: Date | null;
}
