import type { Ports } from '../ports/index.js';
import type { OneTimeTokenPurpose } from '../ports/one-time-token-repository.js';
import { errors } from '../errors.js';
import { after } from './lifetimes.js';

/** Creates and checks the single-use secrets that travel in mail links. */
export class MailTokens {
  constructor(private readonly ports: Pick<Ports, 'oneTimeTokens' | 'secrets' | 'clock'>) {}

  /** Stores the digest of a fresh secret and answers the secret, for the mail. */
  async create(
    purpose: OneTimeTokenPurpose,
    userId: string,
    lifetimeMs: number,
    email: string | null = null,
  ): Promise<string> {
    const token = this.ports.secrets.generate();
    await this.ports.oneTimeTokens.add({
      digest: this.ports.secrets.digest(token),
      purpose,
      userId,
      email,
      expiresAt: after(this.ports.clock.now(), lifetimeMs),
      usedAt: null,
    });
    return token;
  }

  /** The token's record if it is known, unused and unexpired; else TOKEN_INVALID. Spends nothing. */
  async peek(purpose: OneTimeTokenPurpose, token: string) {
    const record = await this.ports.oneTimeTokens.find(this.ports.secrets.digest(token), purpose);
    if (!record || record.usedAt !== null || record.expiresAt <= this.ports.clock.now())
      throw errors.tokenInvalid();
    return record;
  }

  /** Spends the token; TOKEN_INVALID when another request spent it first. */
  async spend(purpose: OneTimeTokenPurpose, token: string): Promise<void> {
    const spent = await this.ports.oneTimeTokens.consume(
      this.ports.secrets.digest(token),
      purpose,
      this.ports.clock.now(),
    );
    if (!spent) throw errors.tokenInvalid();
  }
}
