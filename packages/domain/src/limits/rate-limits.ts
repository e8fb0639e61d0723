/**
 * What is limited and how much, by default (the contract's list). Which
 * limit a use case consults, with which key, is the domain's rule; how the
 * points are counted (and shared between nodes) is an adapter's.
 */
export const RATE_LIMIT_NAMES = [
  'loginFailuresPerAccount',
  'loginFailuresPerIp',
  'registrationsPerIp',
  'mailsPerAddress',
  'locationChangesPerUser',
  'messagesPerUser',
  'socketFramesPerSecond',
] as const;
export type RateLimitName = (typeof RATE_LIMIT_NAMES)[number];

/** `points` per `seconds`. */
export interface Limit {
  readonly points: number;
  readonly seconds: number;
}

export const DEFAULT_RATE_LIMITS: Readonly<Record<RateLimitName, Limit>> = {
  // Password checks: every attempt takes a point before the password is verified, a success gives it
  // back, so however many arrive at once at most 5 verifications run per account (50 per address).
  loginFailuresPerAccount: { points: 5, seconds: 15 * 60 },
  loginFailuresPerIp: { points: 50, seconds: 15 * 60 },
  registrationsPerIp: { points: 10, seconds: 60 * 60 },
  mailsPerAddress: { points: 3, seconds: 60 * 60 },
  locationChangesPerUser: { points: 10, seconds: 60 * 60 },
  messagesPerUser: { points: 30, seconds: 10 },
  // A flood guard of the WebSocket transport, counted in each socket's own memory.
  socketFramesPerSecond: { points: 20, seconds: 1 },
};
