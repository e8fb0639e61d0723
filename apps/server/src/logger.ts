import { pino, type Logger, type LoggerOptions } from 'pino';
import type { Config } from './config.js';

/** Structured JSON logs; human-readable lines in development. Secrets are redacted wherever they appear. */
export function createLogger(config: Pick<Config, 'logLevel' | 'logFormat'>): Logger {
  if (config.logFormat === 'json') {
    // Buffered, asynchronous writes: one syscall per 4 KiB of log lines instead of one per request.
    return pino(options(config), pino.destination({ dest: 1, sync: false, minLength: 4096 }));
  }
  return pino(options(config));
}

function options(config: Pick<Config, 'logLevel' | 'logFormat'>): LoggerOptions {
  return {
    level: config.logLevel,
    base: { service: 'kindred' },
    redact: {
      paths: [
        'password',
        '*.password',
        'refreshToken',
        '*.refreshToken',
        'accessToken',
        '*.accessToken',
        'token',
        '*.token',
        'req.headers.authorization',
        'req.headers.cookie',
      ],
      censor: '[redacted]',
    },
    ...(config.logFormat === 'pretty' && {
      transport: {
        target: 'pino-pretty',
        options: {
          colorize: true,
          singleLine: true,
          translateTime: 'SYS:HH:MM:ss.l',
          ignore: 'pid,hostname,service',
        },
      },
    }),
  };
}
