import type { AccessClaims, AccessTokens } from '../ports/access-tokens.js';
import type { Clock } from '../ports/clock.js';

/** Tokens as keys into a map, expiring by the given clock. */
export class InMemoryAccessTokens implements AccessTokens {
  private readonly issued = new Map<string, { claims: AccessClaims; expiresAt: number }>();
  private counter = 0;

  constructor(
    private readonly clock: Clock,
    readonly lifetimeSeconds = 900,
  ) {}

  async issue(claims: AccessClaims): Promise<string> {
    this.counter += 1;
    const token = `access-${this.counter}`;
    this.issued.set(token, { claims, expiresAt: this.clock.now().getTime() + this.lifetimeSeconds * 1000 });
    return token;
  }

  async verify(token: string): Promise<AccessClaims | null> {
    const entry = this.issued.get(token);
    if (!entry || entry.expiresAt <= this.clock.now().getTime()) return null;
    return entry.claims;
  }
}
