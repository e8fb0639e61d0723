import type { RefreshToken, Session, SessionRepository } from '../ports/session-repository.js';

export class InMemorySessionRepository implements SessionRepository {
  private readonly sessions = new Map<string, Session>();
  private readonly tokens = new Map<string, RefreshToken>();

  async create(session: Session, firstToken: RefreshToken): Promise<void> {
    this.sessions.set(session.id, session);
    this.tokens.set(firstToken.digest, firstToken);
  }

  async findSession(id: string): Promise<Session | null> {
    return this.sessions.get(id) ?? null;
  }

  async findToken(digest: string): Promise<RefreshToken | null> {
    return this.tokens.get(digest) ?? null;
  }

  async rotate(oldDigest: string, next: RefreshToken, now: Date): Promise<boolean> {
    const old = this.tokens.get(oldDigest);
    const session = old && this.sessions.get(old.sessionId);
    if (!old || old.spentAt !== null || !session || session.revokedAt !== null) return false;
    this.tokens.set(oldDigest, { ...old, spentAt: now });
    this.tokens.set(next.digest, next);
    return true;
  }

  async revoke(sessionId: string, now: Date): Promise<void> {
    const session = this.sessions.get(sessionId);
    if (session && session.revokedAt === null) this.sessions.set(sessionId, { ...session, revokedAt: now });
  }

  async revokeAllOf(userId: string, now: Date, keep?: string): Promise<void> {
    for (const session of this.sessions.values()) {
      if (session.userId === userId && session.id !== keep) await this.revoke(session.id, now);
    }
  }

  /** Drops a deleted user's sessions (wired to the user repository's `onDelete`). */
  dropUser(userId: string): void {
    for (const [id, session] of this.sessions) if (session.userId === userId) this.sessions.delete(id);
    for (const [digest, token] of this.tokens) if (token.userId === userId) this.tokens.delete(digest);
  }
}
