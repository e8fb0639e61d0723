import type { Ports } from '../ports/index.js';
import type { User } from '../users/user.js';
import { SessionIssuer, type IssuedTokens } from '../auth/session-issuer.js';
import { LIFETIMES } from '../auth/lifetimes.js';
import { errors } from '../errors.js';
import { checkNotSuspended } from '../moderation/suspension.js';

/**
 * Trades a refresh token for a new pair; the old one is spent. A spent token
 * shown again within the grace period (parallel tabs) only fails; later, it
 * means the token leaked, and the whole session is revoked.
 */
export class RefreshSession {
  private readonly issuer: SessionIssuer;

  constructor(
    private readonly ports: Pick<Ports, 'users' | 'sessions' | 'secrets' | 'accessTokens' | 'clock' | 'ids'>,
  ) {
    this.issuer = new SessionIssuer(ports);
  }

  async execute(input: { readonly refreshToken: string }): Promise<IssuedTokens & { user: User }> {
    const now = this.ports.clock.now();
    const digest = this.ports.secrets.digest(input.refreshToken);
    const token = await this.ports.sessions.findToken(digest);
    if (!token || token.expiresAt <= now) throw errors.refreshTokenInvalid();
    const session = await this.ports.sessions.findSession(token.sessionId);
    if (session?.revokedAt != null) {
      // Ended by a suspension: say so, rather than "log in again" (which would fail the same way).
      const owner = await this.ports.users.findById(session.userId);
      if (owner) checkNotSuspended(owner, now);
    }
    if (!session || session.revokedAt !== null) throw errors.refreshTokenInvalid();
    if (token.spentAt !== null) {
      if (now.getTime() - token.spentAt.getTime() > LIFETIMES.refreshReuseGraceMs) {
        await this.ports.sessions.revoke(session.id, now);
      }
      throw errors.refreshTokenInvalid();
    }
    const user = await this.ports.users.findById(token.userId);
    if (!user) throw errors.refreshTokenInvalid();
    const next = this.issuer.newRefreshToken(session.id, user.id, now);
    // Two requests with the same token: only one rotates, the other is a reuse within the grace.
    if (!(await this.ports.sessions.rotate(digest, next.record, now))) throw errors.refreshTokenInvalid();
    return { ...(await this.issuer.pair(user.id, session.id, next.token)), user };
  }
}
