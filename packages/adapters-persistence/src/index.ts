export * from './database-errors.js';
export * from './embedded-database.js';
export * from './orm.js';
export * from './repositories/mikro-orm-one-time-token-repository.js';
export * from './repositories/mikro-orm-session-repository.js';
export * from './repositories/mikro-orm-user-repository.js';
export { MIGRATIONS } from './migrations/index.js';
export * from './jobs/pg-boss-mail-queue.js';
