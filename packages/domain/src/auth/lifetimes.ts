const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** How long each secret stays good (the contract's figures). */
export const LIFETIMES = {
  emailVerificationMs: 24 * HOUR,
  emailChangeMs: 24 * HOUR,
  passwordResetMs: 1 * HOUR,
  refreshTokenMs: 30 * 24 * HOUR,
  /** A spent refresh token seen again this soon is a parallel tab, not a thief. */
  refreshReuseGraceMs: 10_000,
  unverifiedAccountMs: 72 * HOUR,
} as const;

export function after(date: Date, ms: number): Date {
  return new Date(date.getTime() + ms);
}
