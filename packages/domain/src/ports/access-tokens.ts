export interface AccessClaims {
  readonly userId: string;
  readonly sessionId: string;
}

/** Short-lived signed bearer tokens (JWT in production). */
export interface AccessTokens {
  readonly lifetimeSeconds: number;
  issue(claims: AccessClaims): Promise<string>;
  /** The claims of a well-formed, correctly signed, unexpired token; else null. */
  verify(token: string): Promise<AccessClaims | null>;
}
