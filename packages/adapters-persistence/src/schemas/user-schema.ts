import { EntitySchema } from '@mikro-orm/core';

/**
 * A `users` row as MikroORM sees it; `user-mapper.ts` turns it into the domain's `User`.
 * Last activity lives in `user_activity` (migration 0011), read alongside.
 */
export interface UserRow {
  id: string;
  username: string;
  /** Lower-cased username: the unique index that makes names case-insensitive. */
  usernameKey: string;
  email: string;
  pendingEmail: string | null;
  emailVerified: boolean;
  passwordHash: string;
  firstName: string;
  lastName: string;
  birthDate: string | null;
  gender: string | null;
  sexualPreference: string[] | null;
  biography: string | null;
  interests: string[];
  occupation: string | null;
  socialLinks: Record<string, string | null>;
  latitude: number | null;
  longitude: number | null;
  locationSource: string | null;
  city: string | null;
  /** `snap(latitude)`, `snap(longitude)`: the grid distances are measured on. */
  gridLat: number | null;
  gridLon: number | null;
  profilePictureId: string | null;
  fameRating: number;
  role: string;
  suspendedUntil: Date | null;
  banned: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export const UserSchema = new EntitySchema<UserRow>({
  name: 'User',
  tableName: 'users',
  properties: {
    id: { type: 'uuid', primary: true },
    username: { type: 'string', length: 30 },
    usernameKey: { type: 'string', length: 30, unique: 'users_username_key_unique' },
    email: { type: 'string', length: 254, unique: 'users_email_unique' },
    pendingEmail: { type: 'string', length: 254, nullable: true },
    emailVerified: { type: 'boolean' },
    passwordHash: { type: 'text', lazy: false },
    firstName: { type: 'string', length: 50 },
    lastName: { type: 'string', length: 50 },
    birthDate: { type: 'string', columnType: 'date', nullable: true },
    gender: { type: 'string', length: 10, nullable: true },
    sexualPreference: { type: 'string[]', columnType: 'text[]', nullable: true },
    biography: { type: 'text', nullable: true },
    interests: { type: 'string[]', columnType: 'text[]' },
    occupation: { type: 'string', length: 100, nullable: true },
    socialLinks: { type: 'json' },
    latitude: { type: 'double', nullable: true },
    longitude: { type: 'double', nullable: true },
    locationSource: { type: 'string', length: 6, nullable: true },
    city: { type: 'string', length: 120, nullable: true },
    gridLat: { type: 'double', nullable: true },
    gridLon: { type: 'double', nullable: true },
    profilePictureId: { type: 'uuid', nullable: true },
    fameRating: { type: 'double' },
    role: { type: 'string', length: 10 },
    suspendedUntil: { type: 'datetime', nullable: true },
    banned: { type: 'boolean' },
    createdAt: { type: 'datetime' },
    updatedAt: { type: 'datetime' },
  },
});

/** A `pictures` row: read only as part of its user (see `SELECT_USER`). */
export interface PictureRow {
  id: string;
  userId: string;
  key: string;
  contentType: string;
  width: number;
  height: number;
  createdAt: Date;
}

export const PictureSchema = new EntitySchema<PictureRow>({
  name: 'Picture',
  tableName: 'pictures',
  properties: {
    id: { type: 'uuid', primary: true },
    userId: { type: 'uuid' },
    key: { type: 'string', length: 100 },
    contentType: { type: 'string', length: 20 },
    width: { type: 'integer' },
    height: { type: 'integer' },
    createdAt: { type: 'datetime' },
  },
});
