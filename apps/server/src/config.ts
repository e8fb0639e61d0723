import { z } from 'zod';
import { DEFAULT_RATE_LIMITS, RATE_LIMIT_NAMES, type Limit, type RateLimitName } from '@kindred/domain';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));
const limit = z
  .string()
  .regex(/^\d+\/\d+$/, 'use POINTS/SECONDS, e.g. 5/900')
  .transform((v): Limit => {
    const [points, seconds] = v.split('/').map(Number) as [number, number];
    return { points, seconds };
  });
const url = (protocols: string[], example: string) =>
  z
    .url({ error: `is not a URL (like ${example})` })
    .refine(
      (v) => URL.canParse(v) && protocols.includes(new URL(v).protocol),
      `must start with ${protocols.map((p) => `${p}//`).join(' or ')} (like ${example})`,
    );

/** RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT, … : one variable per limit name. */
const limitVariable = (name: RateLimitName) =>
  `RATE_LIMIT_${name.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;

const Environment = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().min(1).default('0.0.0.0'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    DATABASE_URL: url(
      ['postgres:', 'postgresql:'],
      'postgres://user:password@db.example:5432/kindred',
    ).optional(),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    DATA_DIR: z.string().min(1).default('./.data'),
    EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
    SMTP_URL: url(['smtp:', 'smtps:'], 'smtp://user:password@mail.example:587').optional(),
    MAIL_FROM: z.string().min(3).default('Kindred <no-reply@kindred.localhost>'),
    MAIL_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).default(15),
    PUBLIC_APP_URL: url(['http:', 'https:'], 'https://app.example.org').default('http://localhost:5173'),
    PUBLIC_API_URL: url(['http:', 'https:'], 'https://api.example.org').optional(),
    REDIS_URL: url(['redis:', 'rediss:'], 'redis://127.0.0.1:6379').optional(),
    JWT_SECRET: z.string().min(32, 'needs at least 32 characters').optional(),
    CORS_ORIGINS: z.string().optional(),
    RATE_LIMITS: z.enum(['on', 'off']).default('on'),
    TRUST_PROXY: bool.default(false),
    SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(10),
    ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(2).max(86_400).default(900),
    MODERATION_HIDE_AFTER_REPORTERS: z.coerce.number().int().min(1).max(1000).default(3),
    METRICS_PORT: z.union([z.literal('off'), z.coerce.number().int().min(0).max(65535)]).optional(),
    METRICS_HOST: z.string().min(1).default('127.0.0.1'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LOG_FORMAT: z.enum(['pretty', 'json']).optional(),
    ...Object.fromEntries(RATE_LIMIT_NAMES.map((name) => [limitVariable(name), limit.optional()])),
  })
  .refine((env) => env.NODE_ENV !== 'production' || env.JWT_SECRET !== undefined, {
    path: ['JWT_SECRET'],
    message: 'is required when NODE_ENV=production (at least 32 random characters)',
  });

export interface Config {
  readonly env: 'development' | 'production' | 'test';
  readonly host: string;
  readonly port: number;
  readonly databaseUrl: string | null;
  readonly databasePoolSize: number;
  readonly dataDir: string;
  readonly embeddedPgPort: number;
  readonly smtpUrl: string | null;
  readonly mailFrom: string;
  readonly mailRetryDelaySeconds: number;
  readonly publicAppUrl: string;
  /** Where clients reach this API (picture URLs in WebSocket frames); null: http://localhost:PORT. */
  readonly publicApiUrl: string | null;
  /** Redis for the event bus between server processes; null: one process, in-process bus. */
  readonly redisUrl: string | null;
  /** Null in development: the server makes one and keeps it in the data folder. */
  readonly jwtSecret: string | null;
  readonly corsOrigins: readonly string[];
  readonly rateLimits: Record<RateLimitName, Limit> | null;
  readonly trustProxy: boolean;
  /** Where `GET /metrics` is served (127.0.0.1 by default); null: off. */
  readonly metrics: { readonly port: number; readonly host: string } | null;
  /** How long a stop waits for requests in flight, uploads included, and the mail worker's batch. */
  readonly shutdownTimeoutSeconds: number;
  /** How long an access token lives (the contract's 15 min by default; tests shorten it). */
  readonly accessTokenTtlSeconds: number;
  /** Distinct reporters within 30 days that hide a member from suggestions and search. */
  readonly hideAfterReporters: number;
  readonly logLevel: string;
  readonly logFormat: 'pretty' | 'json';
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`${problems.join('; ')} (set it right in the environment, or unset it for the default)`);
    this.name = 'ConfigError';
  }
}

/** Reads and checks the environment once, at start; a bad value stops the server with a clear message. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  // Empty variables count as unset, as in most shells' `VAR= command`.
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = Environment.safeParse(present);
  if (!parsed.success) {
    // One problem per variable: the first rule it breaks.
    const byVariable = new Map<string, string>();
    for (const issue of parsed.error.issues) {
      const name = issue.path.join('.') || 'environment';
      if (!byVariable.has(name)) byVariable.set(name, `${name}: ${issue.message}`);
    }
    throw new ConfigError([...byVariable.values()]);
  }
  const env = parsed.data as z.infer<typeof Environment> & Record<string, Limit | undefined>;
  return {
    env: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    databaseUrl: env.DATABASE_URL ?? null,
    databasePoolSize: env.DATABASE_POOL_SIZE,
    dataDir: env.DATA_DIR,
    embeddedPgPort: env.EMBEDDED_PG_PORT,
    smtpUrl: env.SMTP_URL ?? null,
    mailFrom: env.MAIL_FROM,
    mailRetryDelaySeconds: env.MAIL_RETRY_DELAY_SECONDS,
    publicAppUrl: env.PUBLIC_APP_URL,
    publicApiUrl: env.PUBLIC_API_URL?.replace(/\/$/, '') ?? null,
    redisUrl: env.REDIS_URL ?? null,
    jwtSecret: env.JWT_SECRET ?? null,
    corsOrigins: (env.CORS_ORIGINS ?? new URL(env.PUBLIC_APP_URL).origin)
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    rateLimits:
      env.RATE_LIMITS === 'off'
        ? null
        : (Object.fromEntries(
            RATE_LIMIT_NAMES.map((name) => [name, env[limitVariable(name)] ?? DEFAULT_RATE_LIMITS[name]]),
          ) as Record<RateLimitName, Limit>),
    trustProxy: env.TRUST_PROXY,
    shutdownTimeoutSeconds: env.SHUTDOWN_TIMEOUT_SECONDS,
    accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
    hideAfterReporters: env.MODERATION_HIDE_AFTER_REPORTERS,
    // 9464 (Prometheus exporters' range) unless set; tests take any free port.
    metrics:
      env.METRICS_PORT === 'off'
        ? null
        : { port: env.METRICS_PORT ?? (env.NODE_ENV === 'test' ? 0 : 9464), host: env.METRICS_HOST },
    logLevel: env.LOG_LEVEL,
    logFormat: env.LOG_FORMAT ?? (env.NODE_ENV === 'development' ? 'pretty' : 'json'),
  };
}
