export type OneTimeTokenPurpose = 'verify-email' | 'reset-password' | 'confirm-email' | 'ws-ticket';

export interface OneTimeToken {
  /** Digest of the secret sent by mail; the secret itself is never stored. */
  readonly digest: string;
  readonly purpose: OneTimeTokenPurpose;
  readonly userId: string;
  /** For `confirm-email`: the address being confirmed. */
  readonly email: string | null;
  /** For `ws-ticket`: the session the socket belongs to (closed when it is revoked). */
  readonly sessionId?: string | null;
  readonly expiresAt: Date;
  readonly usedAt: Date | null;
}

export interface OneTimeTokenRepository {
  add(token: OneTimeToken): Promise<void>;
  find(digest: string, purpose: OneTimeTokenPurpose): Promise<OneTimeToken | null>;
  /**
   * Marks the token used if it is still unused and unexpired at `now`;
   * answers whether this call was the one that spent it (single use under races).
   */
  consume(digest: string, purpose: OneTimeTokenPurpose, now: Date): Promise<boolean>;
}
