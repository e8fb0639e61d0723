import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import WebSocket from 'ws';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test-support/test-database.js';
import { freePort } from '../../../test-support/free-port.js';
import { SmtpSink } from '../../../test-support/smtp-sink.js';
import { Api, newMember } from './harness.js';

// The server as `npm start` runs it, in a process of its own, stopped by a signal with work in flight.
const ROOT = resolve(import.meta.dirname, '../../..');
const START = ['scripts/start.mjs', 'apps/server/src/main.ts'];

interface Started {
  readonly child: ChildProcess;
  readonly api: Api;
  readonly lines: Record<string, unknown>[];
  readonly exited: Promise<number | null>;
}

const smtp = await new SmtpSink().start();
afterAll(() => smtp.stop());

async function start(env: Record<string, string>): Promise<Started> {
  const port = await freePort();
  const child = spawn(process.execPath, START, {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      JWT_SECRET: 'shutdown-test-secret-that-is-long-enough',
      PORT: String(port),
      HOST: '127.0.0.1',
      SMTP_URL: smtp.url,
      RATE_LIMITS: 'off',
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
      SHUTDOWN_TIMEOUT_SECONDS: '10',
      METRICS_PORT: '0',
      ...env,
    },
    // A group of its own, as a terminal's job is: SIGINT to the group is a Ctrl-C.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Record<string, unknown>[] = [];
  let buffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    for (const line of parts) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const api = new Api(`http://127.0.0.1:${port}`);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}: ${stderr}`);
    if ((await api.get('/ready').catch(() => null))?.status === 200) break;
    if (Date.now() > deadline) throw new Error('the server did not start within 60 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  return { child, api, lines, exited };
}

async function member(api: Api) {
  const m = newMember('shutdown');
  await api.post('/api/v1/auth/register', m);
  const mail = await smtp.waitFor(m.email, 'Confirm your email');
  await api.post('/api/v1/auth/verify-email', { token: decodeURIComponent(mail.token!) });
  return (await api.post('/api/v1/auth/login', { username: m.username, password: m.password })).body
    .accessToken as string;
}

/** A multipart upload whose body arrives over about 1.5 s; resolves with the status. */
function slowUpload(
  baseUrl: string,
  token: string,
  picture: Buffer,
): { started: Promise<void>; status: Promise<number> } {
  const boundary = 'kindred-slow-upload';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const body = Buffer.concat([head, picture, tail]);
  let started!: () => void;
  const startedPromise = new Promise<void>((r) => (started = r));
  const status = new Promise<number>((done, fail) => {
    const url = new URL('/api/v1/me/pictures', baseUrl);
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': body.length,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => done(res.statusCode!));
      },
    );
    req.on('error', fail);
    const chunks = 10;
    const size = Math.ceil(body.length / chunks);
    let sent = 0;
    const next = () => {
      req.write(body.subarray(sent * size, (sent + 1) * size));
      sent += 1;
      if (sent === 1) started();
      if (sent < chunks) setTimeout(next, 150);
      else req.end();
    };
    next();
  });
  return { started: startedPromise, status };
}

// Noise: a JPEG that stays large, so its upload takes a while.
const picture = () =>
  sharp(randomBytes(800 * 600 * 3), { raw: { width: 800, height: 600, channels: 3 } })
    .jpeg()
    .toBuffer();

describe.each([
  [
    'the embedded database',
    async () => ({
      DATA_DIR: await mkdtemp(join(tmpdir(), 'kindred-stop-')),
      EMBEDDED_PG_PORT: String(await freePort()),
    }),
  ],
  [
    'DATABASE_URL',
    async () => ({
      DATABASE_URL: await createTestDatabase('shutdown'),
      DATA_DIR: await mkdtemp(join(tmpdir(), 'kindred-stop-')),
    }),
  ],
] as const)('a graceful stop with %s', (_, environment) => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    '%s with an upload, requests and a socket in flight: every request completes, the socket closes 1001, exit 0, no warnings',
    async (signal) => {
      const server = await start(await environment());
      const token = await member(server.api);
      const socket = new WebSocket(`${server.api.baseUrl.replace('http', 'ws')}/api/v1/ws`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const closed = new Promise<number>((done) => socket.once('close', (code) => done(code)));
      await new Promise((r) => socket.once('open', r));
      const upload = slowUpload(server.api.baseUrl, token, await picture());
      await upload.started;
      const others = Array.from({ length: 5 }, () => server.api.get('/api/v1/me', token));
      // SIGINT to the whole group, as Ctrl-C in a terminal sends it.
      if (signal === 'SIGINT') process.kill(-server.child.pid!, 'SIGINT');
      else server.child.kill('SIGTERM');
      expect(await upload.status).toBe(201);
      expect((await Promise.all(others)).map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
      expect(await closed).toBe(1001);
      expect(await server.exited).toBe(0);
      const messages = server.lines.map((l) => l.msg);
      expect(messages).toEqual(expect.arrayContaining(['shutting down', 'stopped']));
      expect(server.lines.filter((l) => (l.level as number) >= 40)).toEqual([]);
    },
    90_000,
  );
});
