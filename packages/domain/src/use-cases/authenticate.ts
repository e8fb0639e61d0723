import type { AccessClaims } from '../ports/access-tokens.js';
import type { Ports } from '../ports/index.js';
import { errors } from '../errors.js';

/** Turns a bearer token into the caller, or UNAUTHENTICATED if it is bad or its session revoked. */
export class Authenticate {
  constructor(private readonly ports: Pick<Ports, 'accessTokens' | 'sessions'>) {}

  async execute(input: { readonly accessToken: string }): Promise<AccessClaims> {
    const claims = await this.ports.accessTokens.verify(input.accessToken);
    if (!claims) throw errors.unauthenticated();
    const session = await this.ports.sessions.findSession(claims.sessionId);
    if (!session || session.revokedAt !== null || session.userId !== claims.userId)
      throw errors.unauthenticated();
    return claims;
  }
}
