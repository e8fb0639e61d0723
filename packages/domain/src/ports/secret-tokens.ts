/**
 * Unguessable single-use secrets (mail links, refresh tokens). Only their
 * digest is stored, so a leaked table does not hand out working links.
 */
export interface SecretTokens {
  generate(): string;
  digest(token: string): string;
}
