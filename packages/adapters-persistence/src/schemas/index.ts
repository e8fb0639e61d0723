import { OneTimeTokenSchema, RefreshTokenSchema, SessionSchema } from './session-schemas.js';
import { UserSchema } from './user-schema.js';

export * from './session-schemas.js';
export * from './user-schema.js';

export const ALL_SCHEMAS = [UserSchema, SessionSchema, RefreshTokenSchema, OneTimeTokenSchema];
