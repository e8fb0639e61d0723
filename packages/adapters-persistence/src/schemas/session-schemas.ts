import { EntitySchema } from '@mikro-orm/core';

export interface SessionRow {
  id: string;
  userId: string;
  createdAt: Date;
  revokedAt: Date | null;
}

export const SessionSchema = new EntitySchema<SessionRow>({
  name: 'Session',
  tableName: 'sessions',
  properties: {
    id: { type: 'uuid', primary: true },
    userId: { type: 'uuid', index: true },
    createdAt: { type: 'datetime' },
    revokedAt: { type: 'datetime', nullable: true },
  },
});

export interface RefreshTokenRow {
  digest: string;
  sessionId: string;
  userId: string;
  expiresAt: Date;
  spentAt: Date | null;
}

export const RefreshTokenSchema = new EntitySchema<RefreshTokenRow>({
  name: 'RefreshToken',
  tableName: 'refresh_tokens',
  properties: {
    digest: { type: 'string', length: 128, primary: true },
    sessionId: { type: 'uuid', index: true },
    userId: { type: 'uuid' },
    expiresAt: { type: 'datetime' },
    spentAt: { type: 'datetime', nullable: true },
  },
});

export interface OneTimeTokenRow {
  digest: string;
  purpose: string;
  userId: string;
  email: string | null;
  sessionId?: string | null;
  expiresAt: Date;
  usedAt: Date | null;
}

export const OneTimeTokenSchema = new EntitySchema<OneTimeTokenRow>({
  name: 'OneTimeToken',
  tableName: 'one_time_tokens',
  properties: {
    digest: { type: 'string', length: 128, primary: true },
    purpose: { type: 'string', length: 20 },
    userId: { type: 'uuid', index: true },
    email: { type: 'string', length: 254, nullable: true },
    sessionId: { type: 'uuid', nullable: true },
    expiresAt: { type: 'datetime' },
    usedAt: { type: 'datetime', nullable: true },
  },
});
