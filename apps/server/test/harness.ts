import { mkdtemp } from 'node:fs/promises';
import type { Clock } from '@kindred/domain';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '../../../test-support/test-database.js';
import { SmtpSink } from '../../../test-support/smtp-sink.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { startServer, type RunningServer } from '../src/server.js';

export interface TestServer {
  readonly server: RunningServer;
  readonly smtp: SmtpSink;
  readonly api: Api;
  stop(): Promise<void>;
}

export interface TestServerOptions {
  readonly label: string;
  readonly env?: Record<string, string>;
  /** An SMTP sink to use (for tests that stop and start it); one is made otherwise. */
  readonly smtp?: SmtpSink;
  readonly databaseUrl?: string;
  /** The server's clock (a ShiftedClock to live through lifetimes at once); the system's otherwise. */
  readonly clock?: Clock;
}

/** The real server on its own database and port, mailing a real in-process SMTP server. */
export async function startTestServer(options: TestServerOptions): Promise<TestServer> {
  const smtp = options.smtp ?? (await new SmtpSink().start());
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: options.databaseUrl ?? (await createTestDatabase(options.label)),
    DATA_DIR: await mkdtemp(join(tmpdir(), 'kindred-e2e-')),
    SMTP_URL: smtp.url,
    PUBLIC_APP_URL: 'https://app.kindred.test',
    JWT_SECRET: 'e2e-secret-that-is-long-enough-for-hs256',
    MAIL_RETRY_DELAY_SECONDS: '1',
    RATE_LIMITS: 'off',
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'silent',
    LOG_FORMAT: 'json',
    ...options.env,
  });
  const server = await startServer(config, createLogger(config), options.clock);
  return {
    server,
    smtp,
    api: new Api(server.url),
    stop: async () => {
      await server.stop();
      if (!options.smtp) await smtp.stop();
    },
  };
}

export interface Answer<T = any> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

/** A thin fetch wrapper: JSON in, JSON (or problem+json) out. */
export class Api {
  constructor(readonly baseUrl: string) {}

  async request<T = any>(
    method: string,
    path: string,
    options: {
      body?: unknown;
      token?: string;
      headers?: Record<string, string>;
      raw?: string | Uint8Array;
    } = {},
  ): Promise<Answer<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | Uint8Array | undefined;
    if (options.raw !== undefined) body = options.raw;
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      ...(body !== undefined && { body }),
    });
    const text = await response.text();
    let parsed: unknown = text;
    if (/json/.test(response.headers.get('content-type') ?? '') && text) parsed = JSON.parse(text);
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  get = (path: string, token?: string) => this.request('GET', path, token ? { token } : {});
  post = (path: string, body?: unknown, token?: string) =>
    this.request('POST', path, { body, ...(token && { token }) });
  put = (path: string, body?: unknown, token?: string) =>
    this.request('PUT', path, { body, ...(token && { token }) });
  patch = (path: string, body?: unknown, token?: string) =>
    this.request('PATCH', path, { body, ...(token && { token }) });
  delete = (path: string, body?: unknown, token?: string) =>
    this.request('DELETE', path, { body, ...(token && { token }) });
}

export const PASSWORD = 'correct horse battery staple';

let counter = 0;
/** A fresh, valid registration. */
export function newMember(prefix = 'member') {
  counter += 1;
  const username = `${prefix}_${counter}_${Math.random().toString(36).slice(2, 7)}`;
  return {
    username,
    email: `${username}@example.test`,
    password: PASSWORD,
    firstName: 'Test',
    lastName: 'Member',
  };
}

/** Registers, follows the mailed link and logs in. */
export async function signUp(t: TestServer, member = newMember()) {
  const registered = await t.api.post('/api/v1/auth/register', member);
  if (registered.status !== 202) throw new Error(`register answered ${registered.status}`);
  const mail = await t.smtp.waitFor(member.email, 'Confirm your email');
  const verified = await t.api.post('/api/v1/auth/verify-email', { token: decodeURIComponent(mail.token!) });
  if (verified.status !== 200) throw new Error(`verify answered ${verified.status}`);
  const login = await t.api.post('/api/v1/auth/login', {
    username: member.username,
    password: member.password,
  });
  if (login.status !== 200) throw new Error(`login answered ${login.status}`);
  return { member, login: login.body as { accessToken: string; refreshToken: string; user: { id: string } } };
}

export function expectProblem(answer: Answer, status: number, code: string): void {
  if (answer.status !== status || answer.body?.code !== code) {
    throw new Error(`expected ${status} ${code}, got ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  if (!answer.headers.get('content-type')?.startsWith('application/problem+json')) {
    throw new Error(`expected application/problem+json, got ${answer.headers.get('content-type')}`);
  }
}
