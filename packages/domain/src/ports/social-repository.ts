import type { Notification } from '../notifications/notification.js';

/** One row of a member's list (visitors, likers, matches, blocked): who, and when. */
export interface Relation {
  readonly userId: string;
  readonly at: Date;
}

/** Opaque position in a list, newest first: the last row's instant and id. */
export interface PageCursor {
  readonly at: Date;
  readonly id: string;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly next: PageCursor | null;
}

export interface RelationsBetween {
  readonly likedByMe: boolean;
  readonly likesMe: boolean;
  readonly reportedByMe: boolean;
  /** Either blocked the other. */
  readonly blocked: boolean;
  /** `me` muted `them` by unliking: their likes and visits do not notify me. */
  readonly muted: boolean;
  /** `them` muted `me`: my likes and visits do not notify them. */
  readonly mutedMe: boolean;
}

export interface SocialCounts {
  readonly likesReceived: number;
  readonly matches: number;
  readonly visitsReceived: number;
  readonly fakeReports: number;
}

export type ListKind = 'visitors' | 'likers' | 'matches' | 'blocked';

/**
 * Likes, blocks, reports, visits and mutes between members. Every write is
 * idempotent and answers whether it changed anything.
 */
export interface SocialRepository {
  between(me: string, them: string): Promise<RelationsBetween>;
  like(liker: string, liked: string, at: Date): Promise<boolean>;
  unlike(liker: string, liked: string): Promise<boolean>;
  block(blocker: string, blocked: string, at: Date): Promise<boolean>;
  unblock(blocker: string, blocked: string): Promise<boolean>;
  report(reporter: string, reported: string, reason: string | null, at: Date): Promise<boolean>;
  withdrawReport(reporter: string, reported: string): Promise<boolean>;
  /** Records a visit; answers whether the visited member should be told (none in the last `quietMs`). */
  visit(visitor: string, visited: string, at: Date, quietMs: number): Promise<boolean>;
  setMuted(me: string, them: string, muted: boolean): Promise<void>;
  counts(userId: string): Promise<SocialCounts>;
  /** Newest first, never showing anyone blocked in either direction. */
  list(kind: ListKind, userId: string, limit: number, after: PageCursor | null): Promise<Page<Relation>>;
}

export interface NotificationRepository {
  add(notification: Notification): Promise<void>;
  /** Newest first; hides notifications whose actor and recipient are blocked either way. */
  list(
    userId: string,
    options: { unreadOnly: boolean; limit: number; after: PageCursor | null },
  ): Promise<Page<Notification>>;
  unreadCount(userId: string): Promise<number>;
  /** `ids`: those; `upTo`: that one and everything older; neither: all. Answers how many changed. */
  markRead(userId: string, which: { ids?: readonly string[]; upTo?: string }, at: Date): Promise<number>;
}
