import { createOrm, migrate } from '@kindred/adapters-persistence';
import { loadConfig } from '../config.js';
import { openDatabase } from '../database.js';
import { createLogger } from '../logger.js';
import { runCli } from './run-cli.js';

/** `npm run migrate`: applies pending migrations to DATABASE_URL (or the embedded database) and exits. */
await runCli('migrate', async () => {
  const config = loadConfig();
  const logger = createLogger(config);
  const database = await openDatabase(config, logger, { whenHeld: 'share' });
  try {
    const orm = await createOrm({ databaseUrl: database.url });
    try {
      const applied = await migrate(orm);
      logger.info({ applied }, applied.length ? 'migrations applied' : 'database already up to date');
    } finally {
      await orm.close(true);
    }
  } finally {
    await database.stop();
  }
});
