import type { RefreshToken, Session, SessionRepository } from '@kindred/domain';
import type { SessionEndListener } from './session-end-listener.js';

const MAX_ENTRIES = 200_000;

/**
 * Remembers live sessions, so checking a bearer token costs no query. An
 * entry goes the moment its session ends on any node (the listener's
 * NOTIFY); while the listener is disconnected nothing is cached or trusted.
 */
export class CachedSessionRepository implements SessionRepository {
  private readonly live = new Map<string, Session>();
  /** Bumped on every end notice: a read that raced one is not cached. */
  private generation = 0;

  constructor(
    private readonly inner: SessionRepository,
    private readonly listener: SessionEndListener,
  ) {
    listener.subscribe((sessionId) => {
      this.generation += 1;
      if (sessionId === null) this.live.clear();
      else this.live.delete(sessionId);
    });
  }

  async findSession(id: string): Promise<Session | null> {
    const cached = this.listener.connected ? this.live.get(id) : undefined;
    if (cached) return cached;
    const generation = this.generation;
    const session = await this.inner.findSession(id);
    if (session && session.revokedAt === null && this.listener.connected && generation === this.generation) {
      if (this.live.size >= MAX_ENTRIES) this.live.delete(this.live.keys().next().value as string);
      this.live.set(id, session);
    }
    return session;
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

  async revoke(sessionId: string, now: Date): Promise<void> {
    // Forget locally at once; other nodes hear it from the trigger.
    this.forget(sessionId);
    await this.inner.revoke(sessionId, now);
    this.forget(sessionId);
  }

  async revokeAllOf(userId: string, now: Date, keep?: string): Promise<void> {
    const forgetUser = () => {
      this.generation += 1;
      for (const [id, session] of this.live)
        if (session.userId === userId && id !== keep) this.live.delete(id);
    };
    forgetUser();
    await this.inner.revokeAllOf(userId, now, keep);
    forgetUser();
  }

  private forget(sessionId: string): void {
    this.generation += 1;
    this.live.delete(sessionId);
  }
}
