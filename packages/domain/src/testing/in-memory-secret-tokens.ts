import type { SecretTokens } from '../ports/secret-tokens.js';
import { fnv1a64 } from './fnv-hash.js';

/** Distinct secrets and stable digests, without real randomness: for tests and demos only. */
export class InMemorySecretTokens implements SecretTokens {
  private counter = 0;

  generate(): string {
    this.counter += 1;
    return `secret-${this.counter}-${fnv1a64(String(this.counter))}`;
  }

  digest(token: string): string {
    return fnv1a64(token);
  }
}
