/** One login: the family of refresh tokens that rotate from it. */
export interface Session {
  readonly id: string;
  readonly userId: string;
  readonly createdAt: Date;
  readonly revokedAt: Date | null;
}

export interface RefreshToken {
  readonly digest: string;
  readonly sessionId: string;
  readonly userId: string;
  readonly expiresAt: Date;
  /** When it was rotated (spent); null while it is the live one. */
  readonly spentAt: Date | null;
}

export interface SessionRepository {
  create(session: Session, firstToken: RefreshToken): Promise<void>;
  findSession(id: string): Promise<Session | null>;
  findToken(digest: string): Promise<RefreshToken | null>;
  /**
   * Spends `oldDigest` and stores `next` atomically, only if `oldDigest` is
   * still unspent and its session unrevoked; answers whether it did.
   */
  rotate(oldDigest: string, next: RefreshToken, now: Date): Promise<boolean>;
  revoke(sessionId: string, now: Date): Promise<void>;
  /** Revokes every session of the user except `keep`. */
  revokeAllOf(userId: string, now: Date, keep?: string): Promise<void>;
}
