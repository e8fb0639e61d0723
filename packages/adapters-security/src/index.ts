export * from './argon2-password-hasher.js';
export * from './common-password-blocklist.js';
export * from './jose-access-tokens.js';
export * from './node-secret-tokens.js';
export * from './uuid-v7-ids.js';
