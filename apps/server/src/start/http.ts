import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { answerClientErrors, createHttpApp } from '@kindred/adapters-http';
import { Database, sql, type Orm } from '@kindred/adapters-persistence';
import type { PictureStorage, Ports, UseCases } from '@kindred/domain';
import type { Config } from '../config.js';
import type { Metrics } from '../metrics.js';
import { StartupError } from '../startup-error.js';
import type { StopList } from './stop-list.js';

export interface HttpDeps {
  readonly config: Config;
  readonly logger: Logger;
  readonly orm: Orm;
  readonly useCases: UseCases;
  readonly ports: Ports;
  readonly pictureStorage: PictureStorage;
  readonly metrics: Metrics;
  /** A session ended: its sockets are closed (the real-time step is started after this one). */
  readonly onSessionRevoked: (sessionId: string) => void;
}

export interface ListeningHttp {
  readonly server: Server;
  readonly port: number;
  /** Where this server answers (`localhost` for a wildcard host). */
  readonly url: string;
}

/** The Koa app on a node HTTP server, listening on HOST:PORT. */
export async function startHttp(deps: HttpDeps, stops: StopList): Promise<ListeningHttp> {
  const { config, logger, orm } = deps;
  const app = createHttpApp({
    observe: (request) => deps.metrics.observe(request),
    useCases: deps.useCases,
    onSessionRevoked: deps.onSessionRevoked,
    clock: deps.ports.clock,
    logger,
    pictureStorage: deps.pictureStorage,
    corsOrigins: config.corsOrigins,
    trustProxy: config.trustProxy,
    isReady: () => isDatabaseReady(orm),
  });
  app.on('error', (error: unknown) => logger.debug({ err: error }, 'connection error'));

  const server = createServer(app.callback());
  server.keepAliveTimeout = 65_000;
  answerClientErrors(server);
  await listen(server, config.port, config.host);
  stops.add(() => close(server, config.shutdownTimeoutSeconds * 1000));
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  return { server, port, url };
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
