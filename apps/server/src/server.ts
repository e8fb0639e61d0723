import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import pg from 'pg';
import type { Logger } from 'pino';
import { createHttpApp, RateLimits } from '@kindred/adapters-http';
import {
  createOrm,
  migrate,
  PgBossMailQueue,
  ChangeNotifications,
  type Orm,
} from '@kindred/adapters-persistence';
import { createOutboxMailer, createSmtpMailer } from '@kindred/adapters-mail';
import { MmdbIpLocator } from '@kindred/adapters-geoip';
import { PurgeUnverifiedAccounts, type Mailer } from '@kindred/domain';
import type { Config } from './config.js';
import { buildContainer } from './container.js';
import { ActivityRecorder } from './activity-recorder.js';
import { openDatabase } from './database.js';
import { createLogger } from './logger.js';
import { postgresLimiterFactory } from './rate-limit-store.js';
import { resolveJwtSecret } from './secrets.js';
import { TOKENS } from './tokens.js';

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly logger: Logger;
  readonly orm: Orm;
  /** Stops accepting, finishes requests in flight, then closes the queue, the pool and the embedded database. */
  stop(): Promise<void>;
}

const PURGE_EVERY_MS = 60 * 60 * 1000;

export async function startServer(
  config: Config,
  logger: Logger = createLogger(config),
): Promise<RunningServer> {
  const cleanups: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup().catch((error: unknown) => logger.error({ err: error }, 'error while stopping'));
    }
  };
  try {
    const database = await openDatabase(config, logger);
    cleanups.push(() => database.stop());

    const orm = await createOrm({ databaseUrl: database.url, poolSize: config.databasePoolSize });
    cleanups.push(() => orm.close(true));
    const applied = await migrate(orm);
    if (applied.length > 0) logger.info({ applied }, 'migrations applied');

    const mailQueue = new PgBossMailQueue({
      databaseUrl: database.url,
      retryDelaySeconds: config.mailRetryDelaySeconds,
      retryBackoff: config.env !== 'test',
      pollingIntervalSeconds: config.env === 'test' ? 0.5 : 2,
      // pg-boss errors carry whole client objects: keep the log line short.
      onError: (error) =>
        logger.warn({ error: error.message, code: (error as { code?: string }).code }, 'mail queue error'),
    });
    await mailQueue.start(deliveringMailer(config, logger));
    cleanups.push(() => mailQueue.stop());

    const limiterPool = new pg.Pool({
      connectionString: database.url,
      max: 4,
      connectionTimeoutMillis: 3_000,
    });
    limiterPool.on('error', (error) => logger.warn({ err: error }, 'rate limiter pool error'));
    cleanups.push(() => limiterPool.end());
    const rateLimits = new RateLimits(
      config.rateLimits ? postgresLimiterFactory(limiterPool) : null,
      config.rateLimits ?? undefined,
    );

    const changeNotifications = new ChangeNotifications(database.url, (error) =>
      logger.warn(
        { error: error.message },
        'change notifications lost their connection; caches are bypassed until it is back',
      ),
    );
    await changeNotifications.start();
    cleanups.push(() => changeNotifications.stop());

    const container = buildContainer({
      config,
      logger,
      orm,
      jwtSecret: await resolveJwtSecret(config),
      mailQueue,
      rateLimits,
      changeNotifications,
      ipLocator: await MmdbIpLocator.open(),
      mediaDir: join(resolve(config.dataDir), 'media'),
    });
    const activity = new ActivityRecorder(container.get(TOKENS.Ports).users, logger);
    const app = createHttpApp({
      recordActivity: (userId) => activity.record(userId),
      useCases: container.get(TOKENS.UseCases),
      clock: container.get(TOKENS.Ports).clock,
      logger,
      rateLimits,
      pictureStorage: container.get(TOKENS.PictureStorage),
      corsOrigins: config.corsOrigins,
      trustProxy: config.trustProxy,
      isReady: () => isDatabaseReady(orm),
    });
    app.on('error', (error: unknown) => logger.debug({ err: error }, 'connection error'));

    const purge = new PurgeUnverifiedAccounts(container.get(TOKENS.Ports));
    const runPurge = () =>
      purge
        .execute()
        .then((count) => count > 0 && logger.info({ count }, 'purged unverified accounts'))
        .catch((error: unknown) => logger.warn({ err: error }, 'purge of unverified accounts failed'));
    void runPurge();
    const purgeTimer = setInterval(runPurge, PURGE_EVERY_MS);
    purgeTimer.unref();
    cleanups.push(async () => clearInterval(purgeTimer));

    const server = createServer(app.callback());
    server.keepAliveTimeout = 65_000;
    await listen(server, config.port, config.host);
    cleanups.push(() => close(server));
    const port = (server.address() as AddressInfo).port;
    const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
    logger.info({ url, docs: `${url}/docs` }, 'Kindred is listening');
    return { url, port, logger, orm, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

function deliveringMailer(config: Config, logger: Logger): Mailer {
  const options = { from: config.mailFrom, appUrl: config.publicAppUrl };
  if (config.smtpUrl) return createSmtpMailer(config.smtpUrl, options);
  const dir = join(resolve(config.dataDir), 'outbox');
  logger.info({ dir }, 'no SMTP_URL: mails go to the development outbox');
  return createOutboxMailer({
    ...options,
    dir,
    log: (mail) => logger.info(mail, 'mail written to the outbox'),
  });
}

async function isDatabaseReady(orm: Orm): Promise<boolean> {
  try {
    await orm.em.getConnection().execute('select 1');
    return true;
  } catch {
    return false;
  }
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
}

/** Stops accepting; requests in flight finish (idle keep-alive sockets are closed at once). */
function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 10_000).unref();
  });
}
