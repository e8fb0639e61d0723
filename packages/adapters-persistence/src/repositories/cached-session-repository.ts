import type { RefreshToken, Session, SessionRepository } from '@kindred/domain';
import { CHANGE_CHANNELS, type ChangeNotifications } from './change-notifications.js';
import { InvalidatedCache } from './invalidated-cache.js';

/**
 * Remembers live sessions, so checking a bearer token costs no query. An
 * entry goes the moment its session ends on any node.
 */
export class CachedSessionRepository implements SessionRepository {
  private readonly live: InvalidatedCache<Session>;

  constructor(
    private readonly inner: SessionRepository,
    notifications: ChangeNotifications,
  ) {
    this.live = new InvalidatedCache(notifications, CHANGE_CHANNELS.sessionEnded, 200_000);
  }

  findSession(id: string): Promise<Session | null> {
    return this.live.get(
      id,
      () => this.inner.findSession(id),
      (session) => session.revokedAt === null,
    );
  }

  create(session: Session, firstToken: RefreshToken): Promise<void> {
    return this.inner.create(session, firstToken);
  }

  findToken(digest: string): Promise<RefreshToken | null> {
    return this.inner.findToken(digest);
  }

  rotate(oldDigest: string, next: RefreshToken, now: Date): Promise<boolean> {
    return this.inner.rotate(oldDigest, next, now);
  }

  revoke(sessionId: string, now: Date): Promise<void> {
    return this.live.writing(
      () => this.live.forget(sessionId),
      () => this.inner.revoke(sessionId, now),
    );
  }

  revokeAllOf(userId: string, now: Date, keep?: string): Promise<void> {
    return this.live.writing(
      () => this.live.forgetWhere((session) => session.userId === userId && session.id !== keep),
      () => this.inner.revokeAllOf(userId, now, keep),
    );
  }
}
