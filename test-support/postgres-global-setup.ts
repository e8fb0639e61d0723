import type { TestProject } from 'vitest/node';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './free-port.js';
import {
  startEmbeddedDatabase,
  type EmbeddedDatabase,
} from '../packages/adapters-persistence/src/embedded-database.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A URL to a maintenance database of the server every PostgreSQL test shares. */
    pgAdminUrl: string;
    /** Prefix of the databases this run makes, so that it can drop them at the end. */
    pgRunPrefix: string;
  }
}

// One server for the whole run, whichever projects ask for it.
const shared = globalThis as {
  kindredTestPg?: Promise<{ adminUrl: string; stop: () => Promise<void> }>;
  kindredTestPgUsers?: number;
};

/**
 * Starts one embedded PostgreSQL for the run, or uses the server that
 * DATABASE_URL names (CI runs the suites once more against PostgreSQL 15).
 */
export default async function setup(project: TestProject) {
  shared.kindredTestPg ??= start();
  shared.kindredTestPgUsers = (shared.kindredTestPgUsers ?? 0) + 1;
  const { adminUrl } = await shared.kindredTestPg;
  project.provide('pgAdminUrl', adminUrl);
  project.provide('pgRunPrefix', RUN_PREFIX);
  return async () => {
    shared.kindredTestPgUsers = (shared.kindredTestPgUsers ?? 1) - 1;
    if (shared.kindredTestPgUsers === 0) await (await shared.kindredTestPg!).stop();
  };
}

// Kept on globalThis too: each project loads this file anew, but the run is one.
const RUN_PREFIX = ((globalThis as { kindredTestPgPrefix?: string }).kindredTestPgPrefix ??=
  `kindred_t${Date.now().toString(36)}_`);

async function start() {
  const external = process.env.DATABASE_URL;
  if (external) return { adminUrl: external, stop: () => dropRunDatabases(external) };
  const dataDir = await mkdtemp(join(tmpdir(), 'kindred-test-pg-'));
  const db: EmbeddedDatabase = await startEmbeddedDatabase({
    dataDir,
    port: await freePort(),
    persistent: false,
  });
  return {
    adminUrl: db.adminUrl,
    stop: async () => {
      await db.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** On a server of its own the run leaves nothing behind. */
async function dropRunDatabases(adminUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      'select datname from pg_database where starts_with(datname, $1)',
      [RUN_PREFIX],
    );
    for (const { datname } of rows) await client.query(`drop database if exists "${datname}" with (force)`);
  } finally {
    await client.end();
  }
}
