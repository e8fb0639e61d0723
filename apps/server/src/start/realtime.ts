import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import {
  CHANGE_CHANNELS,
  SqlPresence,
  type ChangeNotifications,
  type Orm,
  type SqlEventLog,
} from '@kindred/adapters-persistence';
import { RealtimeServer } from '@kindred/adapters-ws';
import type { EventBus, Ports, UseCases } from '@kindred/domain';
import type { Config } from '../config.js';
import type { StopList } from './stop-list.js';

const PRESENCE_HEARTBEAT_MS = 10_000;

export interface RealtimeDeps {
  readonly config: Config;
  readonly logger: Logger;
  readonly orm: Orm;
  readonly server: Server;
  readonly useCases: UseCases;
  readonly ports: Ports;
  readonly eventLog: SqlEventLog;
  readonly mediaBaseUrl: () => string;
  readonly bus: EventBus;
  readonly changeNotifications: ChangeNotifications;
}

/**
 * Sockets on this node (upgrades of the HTTP server), presence shared by all
 * nodes through PostgreSQL, and sessions revoked on any node closing their
 * sockets here.
 */
export async function startRealtime(deps: RealtimeDeps, stops: StopList): Promise<RealtimeServer> {
  const { config, logger, ports } = deps;
  const presence = new SqlPresence(deps.orm, randomUUID());
  await presence.heartbeat();
  const beat = setInterval(
    () =>
      void presence
        .heartbeat()
        .catch((error: unknown) => logger.warn({ err: error }, 'presence heartbeat failed')),
    PRESENCE_HEARTBEAT_MS,
  );
  beat.unref();
  stops.add(async () => {
    clearInterval(beat);
    await presence.leave();
  });

  const frames = config.rateLimits?.socketFramesPerSecond;
  const live = new RealtimeServer({
    useCases: deps.useCases,
    clock: ports.clock,
    eventLog: deps.eventLog,
    mediaBaseUrl: deps.mediaBaseUrl,
    bus: deps.bus,
    presence,
    framesPerSecond: frames ? frames.points / frames.seconds : null,
    log: logger,
  });
  live.attach(deps.server);

  // If notices were missed (the listening connection was lost), every session is checked.
  const unlisten = deps.changeNotifications.subscribe(CHANGE_CHANNELS.sessionEnded, (sessionId) => {
    if (sessionId !== null) return live.closeSession(sessionId);
    void live.recheckSessions(async (id) => {
      const session = await ports.sessions.findSession(id);
      return session !== null && session.revokedAt === null;
    });
  });
  stops.add(async () => {
    unlisten();
    await live.close();
  });
  return live;
}
