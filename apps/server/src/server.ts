import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import { answerClientErrors, createHttpApp } from '@kindred/adapters-http';
import {
  createOrm,
  migrate,
  PgBossMailQueue,
  ChangeNotifications,
  CHANGE_CHANNELS,
  SqlPresence,
  PostgresRateLimiter,
  Database,
  sql,
  type Orm,
} from '@kindred/adapters-persistence';
import { InProcessEventBus, RedisEventBus } from '@kindred/adapters-event-bus';
import { RealtimeServer } from '@kindred/adapters-ws';
import { presentMessage } from '@kindred/adapters-http';
import { createOutboxMailer, createSmtpMailer } from '@kindred/adapters-mail';
import { MmdbIpLocator } from '@kindred/adapters-geoip';
import {
  AnnouncePresence,
  DeliverMailRequest,
  NoRateLimits,
  BROWSE_LIFETIME_MS,
  Authenticate,
  PurgeUnverifiedAccounts,
  RedeemSocketTicket,
  SendTyping,
  type EventBus,
  type Mailer,
} from '@kindred/domain';
import type { Config } from './config.js';
import { buildContainer } from './container.js';
import { openDatabase } from './database.js';
import { createLogger } from './logger.js';
import { resolveJwtSecret } from './secrets.js';
import { TOKENS } from './tokens.js';
import { StartupError } from './startup-error.js';
import { Metrics } from './metrics.js';

export interface RunningServer {
  readonly url: string;
  /** `GET /metrics` (Prometheus), on a port of its own; null when METRICS_PORT=off. */
  readonly metricsUrl: string | null;
  readonly port: number;
  readonly logger: Logger;
  readonly orm: Orm;
  /** Stops accepting, finishes requests in flight, then closes the queue, the pool and the embedded database. */
  stop(): Promise<void>;
}

const PURGE_EVERY_MS = 60 * 60 * 1000;
/** Replayable events are kept at least 24 h; older than this they are pruned. */
const KEEP_EVENTS_MS = 48 * 60 * 60 * 1000;
const PRESENCE_HEARTBEAT_MS = 10_000;

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

    const limits = config.rateLimits
      ? new PostgresRateLimiter(database.url, config.rateLimits, (error) =>
          logger.warn({ error: error.message }, 'rate limiter pool error'),
        )
      : null;
    if (limits) cleanups.push(() => limits.close());

    const changeNotifications = new ChangeNotifications(database.url, (error) =>
      logger.warn(
        { error: error.message },
        'change notifications lost their connection; caches are bypassed until it is back',
      ),
    );
    await changeNotifications.start();
    cleanups.push(() => changeNotifications.stop());

    const bus = await openEventBus(config, logger);
    cleanups.push(() => bus.close());
    let publicUrl = config.publicApiUrl ?? `http://localhost:${config.port}`;

    const container = buildContainer({
      config,
      logger,
      orm,
      jwtSecret: await resolveJwtSecret(config),
      mailQueue,
      limits: limits ?? new NoRateLimits(),
      changeNotifications,
      ipLocator: await MmdbIpLocator.open(),
      mediaDir: join(resolve(config.dataDir), 'media'),
      bus,
      mediaBaseUrl: () => publicUrl,
    });
    const ports = container.get(TOKENS.Ports);
    const useCases = container.get(TOKENS.UseCases);
    // The mail worker decides each request with the real mailer (SMTP, or the development outbox).
    const smtp = deliveringMailer(config, logger);
    const deliverer = new DeliverMailRequest({ ...ports, mailer: smtp });
    await mailQueue.start((request) => deliverer.execute(request));
    cleanups.push(async () => {
      await mailQueue.stop(config.shutdownTimeoutSeconds * 1000);
      smtp.close();
    });
    let realtime: RealtimeServer | null = null;
    const metrics = new Metrics({
      pool: () => new Database(orm).poolStats(),
      mail: () => mailQueue.backlog(),
      sockets: () => realtime?.stats() ?? { sockets: 0, framesDelivered: 0 },
      rateLimitRefusals: () => limits?.refusals ?? new Map(),
      eventBusReconnects: () => bus.reconnects,
    });
    const app = createHttpApp({
      observe: (request) => metrics.observe(request),
      useCases,
      onSessionRevoked: (sessionId) => realtime?.closeSession(sessionId),
      clock: ports.clock,
      logger,
      pictureStorage: container.get(TOKENS.PictureStorage),
      corsOrigins: config.corsOrigins,
      trustProxy: config.trustProxy,
      isReady: () => isDatabaseReady(orm),
    });
    app.on('error', (error: unknown) => logger.debug({ err: error }, 'connection error'));

    const purge = new PurgeUnverifiedAccounts(ports);
    const runPurge = () =>
      purge
        .execute()
        .then((count) => count > 0 && logger.info({ count }, 'purged unverified accounts'))
        .catch((error: unknown) => logger.warn({ err: error }, 'purge of unverified accounts failed'));
    const eventLog = container.get(TOKENS.EventLog);
    const runPrune = () =>
      Promise.all([
        eventLog
          .prune(new Date(Date.now() - KEEP_EVENTS_MS))
          .catch((error: unknown) => logger.warn({ err: error }, 'pruning old events failed')),
        ports.discovery
          .forgetBrowsesBefore(new Date(Date.now() - BROWSE_LIFETIME_MS))
          .catch((error: unknown) => logger.warn({ err: error }, 'forgetting old discovery browses failed')),
      ]);
    void runPurge();
    void runPrune();
    const purgeTimer = setInterval(() => void runPurge().then(runPrune), PURGE_EVERY_MS);
    purgeTimer.unref();
    cleanups.push(async () => clearInterval(purgeTimer));

    const server = createServer(app.callback());
    server.keepAliveTimeout = 65_000;
    answerClientErrors(server);
    await listen(server, config.port, config.host);
    cleanups.push(() => close(server, config.shutdownTimeoutSeconds * 1000));
    const port = (server.address() as AddressInfo).port;
    const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
    publicUrl = config.publicApiUrl ?? url;

    // Real time: sockets on this node, presence shared by all nodes through PostgreSQL.
    const presence = new SqlPresence(orm, randomUUID());
    await presence.heartbeat();
    const beat = setInterval(
      () =>
        void presence
          .heartbeat()
          .catch((error: unknown) => logger.warn({ err: error }, 'presence heartbeat failed')),
      PRESENCE_HEARTBEAT_MS,
    );
    beat.unref();
    cleanups.push(async () => {
      clearInterval(beat);
      await presence.leave();
    });
    const authenticate = new Authenticate(ports);
    const redeemTicket = new RedeemSocketTicket(ports);
    const announce = new AnnouncePresence(ports);
    const typing = new SendTyping(ports);
    const frames = config.rateLimits?.socketFramesPerSecond;
    const live = new RealtimeServer({
      authenticate: (credential) =>
        'bearer' in credential
          ? authenticate.execute({ accessToken: credential.bearer })
          : redeemTicket.execute({ ticket: credential.ticket }),
      eventLog,
      bus,
      presence,
      onPresence: (userId, online) => announce.execute({ userId, online }),
      actions: {
        sendMessage: async (claims, input) => {
          const { message, created } = await useCases.sendMessage.execute({
            senderId: claims.userId,
            to: { conversationId: input.conversationId },
            content: input.content,
            clientMessageId: input.clientMessageId,
          });
          return {
            replay: created
              ? null
              : { type: 'message.new', data: presentMessage(message), at: new Date().toISOString() },
          };
        },
        markRead: (claims, input) =>
          useCases.markConversationRead.execute({ viewerId: claims.userId, ...input }),
        typing: (claims, input) => typing.execute({ userId: claims.userId, ...input }),
      },
      framesPerSecond: frames ? frames.points / frames.seconds : null,
      log: logger,
    });
    live.attach(server);
    realtime = live;
    // A session revoked on any node closes its sockets here; if notices were missed, every session is checked.
    const unlisten = changeNotifications.subscribe(CHANGE_CHANNELS.sessionEnded, (sessionId) => {
      if (sessionId !== null) return live.closeSession(sessionId);
      void live.recheckSessions(async (id) => {
        const session = await ports.sessions.findSession(id);
        return session !== null && session.revokedAt === null;
      });
    });
    cleanups.push(async () => {
      unlisten();
      await live.close();
    });
    const metricsEndpoint = config.metrics
      ? await metrics.serve(config.metrics.port, config.metrics.host)
      : null;
    if (metricsEndpoint) cleanups.push(() => metricsEndpoint.close());
    logger.info({ url, docs: `${url}/docs`, metrics: metricsEndpoint?.url ?? 'off' }, 'Kindred is listening');
    return { url, metricsUrl: metricsEndpoint?.url ?? null, port, logger, orm, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
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

async function isDatabaseReady(orm: Orm): Promise<boolean> {
  try {
    await new Database(orm).run(sql('select 1'));
    return true;
  } catch {
    return false;
  }
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new StartupError(
              `PORT ${port} is in use on ${host} (listen EADDRINUSE): stop what holds it, or set PORT to a free port`,
            )
          : error.code === 'EACCES'
            ? new StartupError(`PORT ${port} needs privileges this process lacks: set PORT above 1024`)
            : error,
      ),
    );
    server.listen(port, host, () => resolve());
  });
}

/**
 * Stops accepting; requests in flight finish, uploads included (idle
 * keep-alive sockets are closed at once); whatever still runs after
 * `timeoutMs` is cut.
 */
function close(server: Server, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    // A keep-alive connection goes idle when its last request is answered: close it then, not at its timeout.
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    const cut = setTimeout(() => server.closeAllConnections(), timeoutMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(cut);
      resolve();
    });
    server.closeIdleConnections();
  });
}
