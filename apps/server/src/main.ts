// First: V8's collector settings, before the modules below allocate (why: gc-tuning.ts).
import './gc-tuning.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { startServer } from './server.js';
import { startupMessage } from './startup-error.js';

/**
 * `npm start`: the server until SIGTERM or SIGINT (Ctrl-C), then a graceful
 * stop — no new connections, requests in flight finished (within
 * SHUTDOWN_TIMEOUT_SECONDS), sockets closed with 1001, the mail worker's
 * batch delivered, pools closed — and exit 0. A failure to start prints one
 * line naming its cause and its fix, and exits non-zero.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Kindred could not start: ${error.message}`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const logger = createLogger(config);
  startedLogger = logger;
  // Signals during start-up wait for it, then stop at once.
  let stopRequested: string | null = null;
  const early = (signal: string) => (stopRequested ??= signal);
  process.on('SIGTERM', early).on('SIGINT', early);
  const server = await startServer(config, logger);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    server
      .stop()
      .then(() => {
        logger.info('stopped');
        logger.flush?.();
        process.exit(0);
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'unclean shutdown');
        process.exit(1);
      });
  };
  process.off('SIGTERM', early).off('SIGINT', early);
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  if (stopRequested) shutdown(stopRequested);
}

let startedLogger: ReturnType<typeof createLogger> | null = null;

main().catch(async (error: unknown) => {
  // The log lines of the attempt first (the pretty printer writes from a worker), then the reason.
  await new Promise<void>((done) => (startedLogger ? startedLogger.flush(() => done()) : done()));
  console.error(`Kindred could not start: ${startupMessage(error)}`);
  process.exit(1);
});
