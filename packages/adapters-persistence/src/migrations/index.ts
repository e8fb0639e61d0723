import type { MigrationObject } from '@mikro-orm/core';
import { Migration0001Accounts } from './migration-0001-accounts.js';

/**
 * Every migration, in order. Listed by hand rather than discovered on disk so
 * that sources (tests) and builds (server) run the very same list.
 */
export const MIGRATIONS: MigrationObject[] = [{ name: '0001-accounts', class: Migration0001Accounts }];
