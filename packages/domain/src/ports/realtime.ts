import type { ConversationView, MessageView } from '../chat/conversation-views.js';
import type { Notification } from '../notifications/notification.js';
import type { User } from '../users/user.js';

/**
 * What happened, for whom: use cases publish these after the change is
 * stored; the delivery side turns them into frames, keeps the replayable
 * ones and pushes them to every socket of every recipient on every node.
 * Each carries everything its recipients' frames show (the users they
 * mention, as each recipient sees them): rendering reads nothing again.
 */
export type DomainEvent =
  | {
      readonly type: 'notification';
      readonly notification: Notification;
      /** Who is told, and who did it (null for a moderator's action). */
      readonly recipient: User;
      readonly actor: User | null;
    }
  | {
      readonly type: 'notification.read';
      readonly userId: string;
      readonly which:
        { readonly ids: readonly string[] } | { readonly upTo: string } | { readonly all: true };
      readonly unreadCount: number;
    }
  | { readonly type: 'message.new'; readonly recipients: readonly string[]; readonly message: MessageView }
  | {
      readonly type: 'message.read';
      readonly recipients: readonly string[];
      readonly conversationId: string;
      readonly userId: string;
      readonly messageId: string;
    }
  | {
      readonly type: 'conversation.updated';
      /** The conversation as each recipient sees it now. */
      readonly views: readonly ConversationView[];
    }
  | {
      readonly type: 'typing';
      readonly recipients: readonly string[];
      readonly conversationId: string;
      readonly user: Pick<User, 'id' | 'username'>;
    }
  | {
      readonly type: 'presence';
      readonly recipients: readonly string[];
      readonly userId: string;
      readonly online: boolean;
      readonly lastSeenAt: Date | null;
    };

/** Frames an outbox already logged with the change: sent live under these ids (by recipient), not logged again. */
export interface AlreadyLogged {
  readonly at: Date;
  readonly ids: ReadonlyMap<string, string>;
}

export interface EventPublisher {
  publish(event: DomainEvent, logged?: AlreadyLogged): Promise<void>;
}

/** A server → client frame. `id` only on replayable frames, ordered per recipient. */
export interface Frame {
  readonly type: string;
  readonly data: unknown;
  readonly id?: string;
  readonly at: string;
}

export interface Delivery {
  readonly userId: string;
  readonly frame: Frame;
}

/**
 * A replayable entry as the log keeps it: a frame rendered when it was
 * stored, or the event an outbox logged (a message, its notice), rendered
 * for this member when replayed. The event names this member as its only
 * recipient.
 */
export type LoggedFrame = Frame | { readonly id: string; readonly at: string; readonly event: DomainEvent };

/** Replayable frames per member, kept at least 24 h. */
export interface EventLog {
  /** Stores the frames and gives each its id, growing per member. */
  append(entries: readonly { userId: string; type: string; data: unknown; at: Date }[]): Promise<Delivery[]>;
  /** The member's frames after `since`, oldest first, at most `limit`; null when `since` is unknown or pruned. */
  after(userId: string, since: string, limit: number): Promise<LoggedFrame[] | null>;
  /** The id of the member's latest frame, null when none. */
  lastId(userId: string): Promise<string | null>;
  prune(olderThan: Date): Promise<number>;
}

/** Carries deliveries between server processes (in-process on one node, Redis on many). */
export interface EventBus {
  publish(deliveries: readonly Delivery[]): Promise<void>;
  /** Every delivery published on any node, this one included. */
  subscribe(handler: (deliveries: readonly Delivery[]) => void): () => void;
}

/** Who has a socket open on any node. */
export interface PresenceRegistry {
  /** Answers true when this is the member's first socket anywhere. */
  connected(userId: string): Promise<boolean>;
  /** Answers true when that was the member's last socket anywhere. */
  disconnected(userId: string): Promise<boolean>;
  isOnline(userId: string): Promise<boolean>;
}
