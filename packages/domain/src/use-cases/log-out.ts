import type { Ports } from '../ports/index.js';
import { errors } from '../errors.js';

/** Revokes one session, named by an authenticated caller's session id or by a refresh token. */
export class LogOut {
  constructor(private readonly ports: Pick<Ports, 'sessions' | 'secrets' | 'clock'>) {}

  async execute(input: { readonly sessionId: string } | { readonly refreshToken: string }): Promise<string> {
    let sessionId: string;
    if ('sessionId' in input) {
      sessionId = input.sessionId;
    } else {
      const token = await this.ports.sessions.findToken(this.ports.secrets.digest(input.refreshToken));
      if (!token) throw errors.refreshTokenInvalid();
      const session = await this.ports.sessions.findSession(token.sessionId);
      if (!session || session.revokedAt !== null) throw errors.refreshTokenInvalid();
      sessionId = session.id;
    }
    await this.ports.sessions.revoke(sessionId, this.ports.clock.now());
    return sessionId;
  }
}
