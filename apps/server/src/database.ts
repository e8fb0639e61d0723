import { resolve } from 'node:path';
import type { Logger } from 'pino';
import { startEmbeddedDatabase } from '@kindred/adapters-persistence';
import type { Config } from './config.js';

export interface Database {
  readonly url: string;
  /** Stops the embedded server, if this process started one. */
  stop(): Promise<void>;
}

/** DATABASE_URL when set; otherwise an embedded PostgreSQL whose data lives under DATA_DIR/pg. */
export async function openDatabase(config: Config, logger: Logger): Promise<Database> {
  if (config.databaseUrl) return { url: config.databaseUrl, stop: async () => {} };
  const dataDir = resolve(config.dataDir);
  logger.info({ dataDir, port: config.embeddedPgPort }, 'starting embedded PostgreSQL (no DATABASE_URL set)');
  const embedded = await startEmbeddedDatabase({
    dataDir,
    port: config.embeddedPgPort,
    onLog: (message) => logger.debug({ postgres: message.trim() }, 'embedded postgres'),
  });
  return { url: embedded.url, stop: () => embedded.stop() };
}
