import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import {
  createOrm,
  migrate,
  PgBossMailQueue,
  ChangeNotifications,
  PostgresRateLimiter,
  type Orm,
} from '@kindred/adapters-persistence';
import { InProcessEventBus, RedisEventBus } from '@kindred/adapters-event-bus';
import { createOutboxMailer, createSmtpMailer } from '@kindred/adapters-mail';
import type { EventBus, Mailer } from '@kindred/domain';
import type { Config } from '../config.js';
import { openDatabase } from '../database.js';
import type { StopList } from './stop-list.js';

/** The connections and pools a server holds, opened before anything is wired. */
export interface OpenedInfrastructure {
  readonly databaseUrl: string;
  readonly orm: Orm;
  readonly mailQueue: PgBossMailQueue;
  /** The mailer the worker delivers through: SMTP, or the development outbox. */
  readonly mailer: Mailer;
  /** Null when RATE_LIMITS=off. */
  readonly limits: PostgresRateLimiter | null;
  readonly changeNotifications: ChangeNotifications;
  readonly bus: EventBus & { readonly reconnects: number };
}

/** The database (embedded or DATABASE_URL, migrated), the queue, the limits, change notifications, the bus. */
export async function openInfrastructure(
  config: Config,
  logger: Logger,
  stops: StopList,
): Promise<OpenedInfrastructure> {
  const database = await openDatabase(config, logger);
  stops.add(() => database.stop());

  const orm = await createOrm({ databaseUrl: database.url, poolSize: config.databasePoolSize });
  stops.add(() => orm.close(true));
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
  const mailer = deliveringMailer(config, logger);
  stops.add(async () => mailer.close());

  const limits = config.rateLimits
    ? new PostgresRateLimiter(database.url, config.rateLimits, (error) =>
        logger.warn({ error: error.message }, 'rate limiter pool error'),
      )
    : null;
  if (limits) stops.add(() => limits.close());

  const changeNotifications = new ChangeNotifications(database.url, (error) =>
    logger.warn(
      { error: error.message },
      'change notifications lost their connection; caches are bypassed until it is back',
    ),
  );
  await changeNotifications.start();
  stops.add(() => changeNotifications.stop());

  const bus = await openEventBus(config, logger);
  stops.add(() => bus.close());
  return { databaseUrl: database.url, orm, mailQueue, mailer, limits, changeNotifications, bus };
}

async function openEventBus(
  config: Config,
  logger: Logger,
): Promise<EventBus & { close(): Promise<void>; readonly reconnects: number }> {
  if (!config.redisUrl)
    return Object.assign(new InProcessEventBus(), { close: async () => {}, reconnects: 0 });
  logger.info('event bus: Redis');
  return RedisEventBus.connect(config.redisUrl, (error) =>
    logger.warn({ error: error.message }, 'Redis event bus error; live events wait for it'),
  );
}

function deliveringMailer(config: Config, logger: Logger): Mailer & { close(): void } {
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
