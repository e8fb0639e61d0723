import { pino, type Logger } from 'pino';
import type { Config } from './config.js';

/** Structured JSON logs; human-readable lines in development. Secrets are redacted wherever they appear. */
export function createLogger(config: Pick<Config, 'logLevel' | 'logFormat'>): Logger {
  return pino({
    level: config.logLevel,
    base: { service: 'kindred' },
    redact: {
      paths: ['password', '*.password', 'refreshToken', '*.refreshToken', 'accessToken', '*.accessToken', 'token', '*.token', 'req.headers.authorization', 'req.headers.cookie'],
      censor: '[redacted]',
    },
    ...(config.logFormat === 'pretty' && {
      transport: { target: 'pino-pretty', options: { colorize: true, singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' } },
    }),
  });
}
