import { SignJWT, jwtVerify, errors } from 'jose';
import type { AccessClaims, AccessTokens } from '@kindred/domain';

const ALGORITHM = 'HS256';
const ISSUER = 'kindred';

/** HS256 JWTs: `sub` is the user id, `sid` the session; 15 minutes by default. */
export class JoseAccessTokens implements AccessTokens {
  private readonly key: Uint8Array;

  constructor(
    secret: string,
    readonly lifetimeSeconds = 900,
  ) {
    if (secret.length < 32) throw new Error('The JWT secret needs at least 32 characters');
    this.key = new TextEncoder().encode(secret);
  }

  issue(claims: AccessClaims): Promise<string> {
    return new SignJWT({ sid: claims.sessionId })
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
      .setSubject(claims.userId)
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(`${this.lifetimeSeconds}s`)
      .sign(this.key);
  }

  async verify(token: string): Promise<AccessClaims | null> {
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: [ALGORITHM], issuer: ISSUER });
      if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string') return null;
      return { userId: payload.sub, sessionId: payload.sid };
    } catch (error) {
      if (error instanceof errors.JOSEError) return null;
      throw error;
    }
  }
}
