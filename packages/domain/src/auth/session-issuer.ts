import type { Ports } from '../ports/index.js';
import type { RefreshToken } from '../ports/session-repository.js';
import { LIFETIMES, after } from './lifetimes.js';

export interface IssuedTokens {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly expiresIn: number;
  readonly sessionId: string;
}

/** Starts sessions and mints the token pair; shared by login and refresh. */
export class SessionIssuer {
  constructor(
    private readonly ports: Pick<Ports, 'sessions' | 'secrets' | 'accessTokens' | 'clock' | 'ids'>,
  ) {}

  async start(userId: string): Promise<IssuedTokens> {
    const now = this.ports.clock.now();
    const sessionId = this.ports.ids.next();
    const { token, record } = this.newRefreshToken(sessionId, userId, now);
    await this.ports.sessions.create({ id: sessionId, userId, createdAt: now, revokedAt: null }, record);
    return this.pair(userId, sessionId, token);
  }

  newRefreshToken(sessionId: string, userId: string, now: Date): { token: string; record: RefreshToken } {
    const token = this.ports.secrets.generate();
    const record: RefreshToken = {
      digest: this.ports.secrets.digest(token),
      sessionId,
      userId,
      expiresAt: after(now, LIFETIMES.refreshTokenMs),
      spentAt: null,
    };
    return { token, record };
  }

  async pair(userId: string, sessionId: string, refreshToken: string): Promise<IssuedTokens> {
    const accessToken = await this.ports.accessTokens.issue({ userId, sessionId });
    return { accessToken, refreshToken, expiresIn: this.ports.accessTokens.lifetimeSeconds, sessionId };
  }
}
