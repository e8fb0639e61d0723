import {
  CachedUserRepository,
  ChangeNotifications,
  MikroOrmUserRepository,
  createOrm,
  migrate,
  type Orm,
} from '@kindred/adapters-persistence';
import type { Config } from '../config.js';
import { openDatabase } from '../database.js';
import type { Logger } from 'pino';

/** What a CLI that writes members works with. */
export interface CliStores {
  readonly orm: Orm;
  /** Cached as the server's are: a change made here is told to every running node's cache. */
  readonly users: CachedUserRepository;
}

/**
 * Opens the configured database (or shares the embedded one with a running
 * server), migrates it, listens to change notices, runs `work`, and closes
 * everything again, whatever `work` did.
 */
export async function withCliStores<T>(
  config: Config,
  logger: Logger,
  work: (stores: CliStores) => Promise<T>,
): Promise<T> {
  const database = await openDatabase(config, logger, { whenHeld: 'share' });
  const orm = await createOrm({ databaseUrl: database.url });
  const notifications = new ChangeNotifications(database.url);
  try {
    await migrate(orm);
    await notifications.start();
    return await work({
      orm,
      users: new CachedUserRepository(new MikroOrmUserRepository(orm), notifications),
    });
  } finally {
    await notifications.stop();
    await orm.close(true);
    await database.stop();
  }
}
