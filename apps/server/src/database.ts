import { resolve } from 'node:path';
import pg from 'pg';
import type { Logger } from 'pino';
import { startEmbeddedDatabase } from '@kindred/adapters-persistence';
import type { Config } from './config.js';
import { StartupError } from './startup-error.js';

export interface Database {
  readonly url: string;
  /** Stops the embedded server, if this process started one. */
  stop(): Promise<void>;
}

/**
 * DATABASE_URL when set (checked at once, with a message that names the
 * setting); otherwise an embedded PostgreSQL whose data lives under
 * DATA_DIR. `whenHeld: 'share'` (the CLIs) connects to the embedded
 * database of a server that runs on the same DATA_DIR.
 */
export async function openDatabase(
  config: Config,
  logger: Logger,
  options: { readonly whenHeld?: 'share' | 'refuse' } = {},
): Promise<Database> {
  if (config.databaseUrl) {
    await checkReachable(config.databaseUrl);
    return { url: config.databaseUrl, stop: async () => {} };
  }
  const dataDir = resolve(config.dataDir);
  logger.info({ dataDir, port: config.embeddedPgPort }, 'starting embedded PostgreSQL (no DATABASE_URL set)');
  const embedded = await startEmbeddedDatabase({
    dataDir,
    port: config.embeddedPgPort,
    whenHeld: options.whenHeld ?? 'refuse',
    onLog: (message) => logger.debug({ postgres: message.trim() }, 'embedded postgres'),
    onStep: (step) => logger.info(step),
  });
  return { url: embedded.url, stop: () => embedded.stop() };
}

/** The one line to print when DATABASE_URL cannot be used, never with its password. */
async function checkReachable(url: string): Promise<void> {
  const shown = withoutPassword(url);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    if (code === '28P01' || code === '28000')
      throw new StartupError(
        `DATABASE_URL (${shown}) was refused: ${message}; check the user and password in DATABASE_URL`,
      );
    if (code === '3D000')
      throw new StartupError(
        `DATABASE_URL (${shown}) names a database that does not exist: create it, or fix the name in DATABASE_URL`,
      );
    throw new StartupError(
      `DATABASE_URL (${shown}) does not answer (${code ?? message}): start that PostgreSQL, or fix the host and port in DATABASE_URL (unset it for the embedded database)`,
    );
  } finally {
    await client.end().catch(() => {});
  }
}

function withoutPassword(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'a URL that cannot be read';
  }
}
