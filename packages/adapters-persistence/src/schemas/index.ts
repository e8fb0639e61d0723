import { OneTimeTokenSchema, RefreshTokenSchema, SessionSchema } from './session-schemas.js';
import { PictureSchema, UserSchema } from './user-schema.js';

export * from './session-schemas.js';
export * from './user-schema.js';

export const ALL_SCHEMAS = [UserSchema, PictureSchema, SessionSchema, RefreshTokenSchema, OneTimeTokenSchema];
