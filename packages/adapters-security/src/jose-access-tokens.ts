import { SignJWT, jwtVerify, errors } from 'jose';
import type { AccessClaims, AccessTokens, Clock } from '@kindred/domain';

const ALGORITHM = 'HS256';
const ISSUER = 'kindred';

const CACHE_LIMIT = 50_000;

/**
 * HS256 JWTs: `sub` is the user id, `sid` the session; 15 minutes by default.
 * A token whose signature was checked once is remembered until it expires:
 * clients send the same token for minutes, and WebCrypto's HMAC is most of
 * the cost of an authenticated read.
 */
export class JoseAccessTokens implements AccessTokens {
  private readonly key: Uint8Array;
  private readonly verified = new Map<string, { claims: AccessClaims; expiresAtMs: number }>();

  constructor(
    secret: string,
    readonly lifetimeSeconds = 900,
    /** The server's clock: expiry is read from it, as every other lifetime is. */
    private readonly clock: Clock = { now: () => new Date() },
  ) {
    if (secret.length < 32) throw new Error('The JWT secret needs at least 32 characters');
    this.key = new TextEncoder().encode(secret);
  }

  issue(claims: AccessClaims): Promise<string> {
    return new SignJWT({ sid: claims.sessionId })
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
      .setSubject(claims.userId)
      .setIssuer(ISSUER)
      .setIssuedAt(this.nowSeconds())
      .setExpirationTime(this.nowSeconds() + this.lifetimeSeconds)
      .sign(this.key);
  }

  async verify(token: string): Promise<AccessClaims | null> {
    const known = this.verified.get(token);
    if (known) {
      if (known.expiresAtMs > this.clock.now().getTime()) return known.claims;
      this.verified.delete(token);
      return null;
    }
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: [ALGORITHM],
        issuer: ISSUER,
        currentDate: this.clock.now(),
      });
      if (
        typeof payload.sub !== 'string' ||
        typeof payload.sid !== 'string' ||
        typeof payload.exp !== 'number'
      )
        return null;
      const claims = { userId: payload.sub, sessionId: payload.sid };
      if (this.verified.size >= CACHE_LIMIT)
        this.verified.delete(this.verified.keys().next().value as string);
      this.verified.set(token, { claims, expiresAtMs: payload.exp * 1000 });
      return claims;
    } catch (error) {
      if (error instanceof errors.JOSEError) return null;
      throw error;
    }
  }

  private nowSeconds(): number {
    return Math.floor(this.clock.now().getTime() / 1000);
  }
}
