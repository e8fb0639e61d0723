import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import { MmdbIpLocator } from '@kindred/adapters-geoip';
import { Database, type Orm } from '@kindred/adapters-persistence';
import type { RealtimeServer } from '@kindred/adapters-ws';
import { NoRateLimits, type Clock } from '@kindred/domain';
import type { Config } from './config.js';
import { buildContainer } from './container.js';
import { createLogger } from './logger.js';
import { Metrics } from './metrics.js';
import { resolveJwtSecret } from './secrets.js';
import { startHttp } from './start/http.js';
import { openInfrastructure, type OpenedInfrastructure } from './start/infrastructure.js';
import { startJobs } from './start/jobs.js';
import { startRealtime } from './start/realtime.js';
import { StopList } from './start/stop-list.js';
import { SystemClock } from './system-clock.js';
import { TOKENS } from './tokens.js';

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

/**
 * A server in four steps: infrastructure (database, queue, limits, bus),
 * the wiring, jobs (mail worker, clean-ups), HTTP, then real time on the
 * same port, and the metrics. A step that fails stops what the earlier ones
 * opened.
 */
export async function startServer(
  config: Config,
  logger: Logger = createLogger(config),
  /** Tests move time with their own; everyone else runs on the system's. */
  clock: Clock = new SystemClock(),
): Promise<RunningServer> {
  const stops = new StopList(logger);
  try {
    const infra = await openInfrastructure(config, logger, stops);
    // The public address is known once listening (PORT=0): frames read it at each event.
    let publicUrl = config.publicApiUrl ?? `http://localhost:${config.port}`;
    const container = buildContainer({
      config,
      logger,
      orm: infra.orm,
      jwtSecret: await resolveJwtSecret(config),
      outbox: infra.mailQueue,
      mailer: infra.mailer,
      limits: infra.limits ?? new NoRateLimits(),
      changeNotifications: infra.changeNotifications,
      ipLocator: await MmdbIpLocator.open(),
      mediaDir: join(resolve(config.dataDir), 'media'),
      bus: infra.bus,
      mediaBaseUrl: () => publicUrl,
      clock,
    });
    const ports = container.get(TOKENS.Ports);
    const useCases = container.get(TOKENS.UseCases);
    const eventLog = container.get(TOKENS.EventLog);
    await startJobs({ config, logger, mailQueue: infra.mailQueue, useCases, ports, eventLog }, stops);

    let realtime: RealtimeServer | null = null;
    const metrics = metricsOf(infra, () => realtime);
    const http = await startHttp(
      {
        config,
        logger,
        orm: infra.orm,
        useCases,
        ports,
        pictureStorage: container.get(TOKENS.PictureStorage),
        metrics,
        onSessionRevoked: (sessionId) => realtime?.closeSession(sessionId),
      },
      stops,
    );
    publicUrl = config.publicApiUrl ?? http.url;
    realtime = await startRealtime(
      {
        ...infra,
        config,
        logger,
        server: http.server,
        useCases,
        ports,
        eventLog,
        mediaBaseUrl: () => publicUrl,
      },
      stops,
    );

    const metricsEndpoint = config.metrics
      ? await metrics.serve(config.metrics.port, config.metrics.host)
      : null;
    if (metricsEndpoint) stops.add(() => metricsEndpoint.close());
    const { url, port } = http;
    logger.info({ url, docs: `${url}/docs`, metrics: metricsEndpoint?.url ?? 'off' }, 'Kindred is listening');
    return {
      url,
      metricsUrl: metricsEndpoint?.url ?? null,
      port,
      logger,
      orm: infra.orm,
      stop: () => stops.stopAll(),
    };
  } catch (error) {
    await stops.stopAll();
    throw error;
  }
}

/** The metrics read their figures from the parts that keep them, at scrape time. */
function metricsOf(infra: OpenedInfrastructure, realtime: () => RealtimeServer | null): Metrics {
  return new Metrics({
    pool: () => new Database(infra.orm).poolStats(),
    mail: () => infra.mailQueue.backlog(),
    sockets: () => realtime()?.stats() ?? { sockets: 0, framesDelivered: 0 },
    rateLimitRefusals: () => infra.limits?.refusals ?? new Map(),
    eventBusReconnects: () => infra.bus.reconnects,
  });
}
