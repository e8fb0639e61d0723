import type { Location } from './location.js';
import type { Picture } from './picture.js';
import type { Role } from '../moderation/roles.js';

export const GENDERS = ['male', 'female', 'nonbinary'] as const;
export type Gender = (typeof GENDERS)[number];

export const SOCIAL_NETWORKS = [
  'website',
  'linkedin',
  'github',
  'instagram',
  'twitter',
  'facebook',
  'youtube',
] as const;
export type SocialNetwork = (typeof SOCIAL_NETWORKS)[number];
export type SocialLinks = { readonly [K in SocialNetwork]: string | null };

export const NO_SOCIAL_LINKS: SocialLinks = Object.freeze({
  website: null,
  linkedin: null,
  github: null,
  instagram: null,
  twitter: null,
  facebook: null,
  youtube: null,
});

/** A member's account and profile: plain readonly data, changed by copy. */
export interface User {
  readonly id: string;
  readonly username: string;
  /** Normalised (see `normaliseEmail`). */
  readonly email: string;
  /** A new address waiting for its confirmation link to be followed. */
  readonly pendingEmail: string | null;
  readonly emailVerified: boolean;
  readonly passwordHash: string;
  readonly firstName: string;
  readonly lastName: string;
  /** `YYYY-MM-DD`. */
  readonly birthDate: string | null;
  readonly gender: Gender | null;
  /** Genders sought; `null` means everyone. */
  readonly sexualPreference: readonly Gender[] | null;
  readonly biography: string | null;
  readonly interests: readonly string[];
  readonly occupation: string | null;
  readonly socialLinks: SocialLinks;
  /** Null until set by the member or approximated from their IP address. */
  readonly location: Location | null;
  /** Oldest first. Read with the user; written through the repository's picture methods. */
  readonly pictures: readonly Picture[];
  readonly profilePictureId: string | null;
  readonly fameRating: number;
  /** A socket of theirs is open, on any node (read with the member; never written through them). */
  readonly online: boolean;
  /** When the member's last open socket closed; null if never. */
  readonly lastSeenAt: Date | null;
  /** Granted from the command line only (`npm run admin`). */
  readonly role: Role;
  /** A suspension ends by itself at this instant (see `moderationStatus`); null when none was set. */
  readonly suspendedUntil: Date | null;
  /** Banned: no end. */
  readonly banned: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** Whole years from `birthDate` (`YYYY-MM-DD`) to `today`, in UTC. */
export function ageOn(birthDate: string, today: Date): number {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  let age = today.getUTCFullYear() - y;
  const beforeBirthday =
    today.getUTCMonth() + 1 < m || (today.getUTCMonth() + 1 === m && today.getUTCDate() < d);
  if (beforeBirthday) age -= 1;
  return age;
}

/** Genders sought, with `null` (everyone) spelled out. */
export function soughtGenders(user: Pick<User, 'sexualPreference'>): readonly Gender[] {
  return user.sexualPreference ?? GENDERS;
}

/** What a new account's profile holds before its owner fills it in. */
export const EMPTY_PROFILE = Object.freeze({
  pendingEmail: null,
  birthDate: null,
  gender: null,
  sexualPreference: null,
  biography: null,
  interests: [],
  occupation: null,
  socialLinks: NO_SOCIAL_LINKS,
  location: null,
  pictures: [],
  profilePictureId: null,
  fameRating: 0,
  online: false,
  lastSeenAt: null,
  role: 'member',
  suspendedUntil: null,
  banned: false,
} satisfies Partial<User>);
