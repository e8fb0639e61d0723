import type { Logger } from 'pino';
import type { PgBossMailQueue, SqlEventLog } from '@kindred/adapters-persistence';
import { BROWSE_LIFETIME_MS, type Ports, type UseCases } from '@kindred/domain';
import type { Config } from '../config.js';
import type { StopList } from './stop-list.js';

const PURGE_EVERY_MS = 60 * 60 * 1000;
/** Replayable events are kept at least 24 h; older than this they are pruned. */
const KEEP_EVENTS_MS = 48 * 60 * 60 * 1000;

export interface JobDeps {
  readonly config: Config;
  readonly logger: Logger;
  readonly mailQueue: PgBossMailQueue;
  readonly useCases: UseCases;
  readonly ports: Ports;
  readonly eventLog: SqlEventLog;
}

/** The mail worker, and the hourly clean-up: unverified accounts, old events, old discovery browses. */
export async function startJobs(deps: JobDeps, stops: StopList): Promise<void> {
  const { config, mailQueue, useCases } = deps;
  await mailQueue.start((request) => useCases.deliverMailRequest.execute(request));
  stops.add(() => mailQueue.stop(config.shutdownTimeoutSeconds * 1000));

  const cleanUp = () => purgeUnverified(deps).then(() => prune(deps));
  void cleanUp();
  const timer = setInterval(() => void cleanUp(), PURGE_EVERY_MS);
  timer.unref();
  stops.add(async () => clearInterval(timer));
}

async function purgeUnverified({ useCases, logger }: JobDeps): Promise<void> {
  try {
    const count = await useCases.purgeUnverifiedAccounts.execute();
    if (count > 0) logger.info({ count }, 'purged unverified accounts');
  } catch (error) {
    logger.warn({ err: error }, 'purge of unverified accounts failed');
  }
}

async function prune({ eventLog, ports, logger }: JobDeps): Promise<void> {
  const now = ports.clock.now().getTime();
  await Promise.all([
    eventLog
      .prune(new Date(now - KEEP_EVENTS_MS))
      .catch((error: unknown) => logger.warn({ err: error }, 'pruning old events failed')),
    ports.discovery
      .forgetBrowsesBefore(new Date(now - BROWSE_LIFETIME_MS))
      .catch((error: unknown) => logger.warn({ err: error }, 'forgetting old discovery browses failed')),
  ]);
}
