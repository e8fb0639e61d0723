import type {
  OneTimeToken,
  OneTimeTokenPurpose,
  OneTimeTokenRepository,
} from '../ports/one-time-token-repository.js';

export class InMemoryOneTimeTokenRepository implements OneTimeTokenRepository {
  private readonly tokens = new Map<string, OneTimeToken>();

  async add(token: OneTimeToken): Promise<void> {
    this.tokens.set(token.digest, token);
  }

  async find(digest: string, purpose: OneTimeTokenPurpose): Promise<OneTimeToken | null> {
    return this.lookUp(digest, purpose);
  }

  async consume(digest: string, purpose: OneTimeTokenPurpose, now: Date): Promise<boolean> {
    // Check and set without an await between them, so racing calls see each other.
    const token = this.lookUp(digest, purpose);
    if (!token || token.usedAt !== null || token.expiresAt <= now) return false;
    this.tokens.set(digest, { ...token, usedAt: now });
    return true;
  }

  private lookUp(digest: string, purpose: OneTimeTokenPurpose): OneTimeToken | null {
    const token = this.tokens.get(digest);
    return token && token.purpose === purpose ? token : null;
  }

  dropUser(userId: string): void {
    for (const [digest, token] of this.tokens) if (token.userId === userId) this.tokens.delete(digest);
  }
}
