import type { AccessClaims } from '../ports/access-tokens.js';
import type { Ports } from '../ports/index.js';
import { errors } from '../errors.js';
import { checkNotSuspended } from '../moderation/suspension.js';

/** Turns a bearer token into the caller, or UNAUTHENTICATED if it is bad or its session revoked. */
export class Authenticate {
  constructor(private readonly ports: Pick<Ports, 'accessTokens' | 'sessions' | 'users' | 'clock'>) {}

  async execute(input: { readonly accessToken: string }): Promise<AccessClaims> {
    const claims = await this.ports.accessTokens.verify(input.accessToken);
    if (!claims) throw errors.unauthenticated();
    const session = await this.ports.sessions.findSession(claims.sessionId);
    if (session && session.revokedAt !== null && session.userId === claims.userId) {
      // A session a suspension ended answers ACCOUNT_SUSPENDED, so that the app can say why.
      const owner = await this.ports.users.findById(claims.userId);
      if (owner) checkNotSuspended(owner, this.ports.clock.now());
    }
    if (!session || session.revokedAt !== null || session.userId !== claims.userId)
      throw errors.unauthenticated();
    return claims;
  }
}
