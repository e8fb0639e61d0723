import argon2 from 'argon2';
import type { PasswordHasher } from '@kindred/domain';

/** OWASP's argon2id baseline: 19 MiB of memory, 2 passes, 1 lane. */
export const OWASP_ARGON2ID = {
  type: argon2.argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export class Argon2PasswordHasher implements PasswordHasher {
  hash(password: string): Promise<string> {
    return argon2.hash(password, OWASP_ARGON2ID);
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      // A malformed stored hash is a failed check, not a crash.
      return false;
    }
  }
}
