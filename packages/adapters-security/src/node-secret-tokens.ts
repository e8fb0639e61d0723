import { createHash, randomBytes } from 'node:crypto';
import type { SecretTokens } from '@kindred/domain';

/**
 * 256 random bits, URL-safe. Stored as SHA-256: these secrets carry their own
 * entropy, so a fast digest is enough (unlike passwords).
 */
export class NodeSecretTokens implements SecretTokens {
  generate(): string {
    return randomBytes(32).toString('base64url');
  }

  digest(token: string): string {
    return createHash('sha256').update(token).digest('base64url');
  }
}
