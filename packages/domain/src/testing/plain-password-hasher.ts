import type { PasswordHasher } from '../ports/password-hasher.js';
import { fnv1a64 } from './fnv-hash.js';

/** Fast and insecure: lets domain tests run thousands of logins. Never in production. */
export class PlainPasswordHasher implements PasswordHasher {
  hashes = 0;
  verifications = 0;

  async hash(password: string): Promise<string> {
    this.hashes += 1;
    return `fnv:${fnv1a64(password)}`;
  }

  async verify(hash: string, password: string): Promise<boolean> {
    this.verifications += 1;
    return hash === `fnv:${fnv1a64(password)}`;
  }
}
