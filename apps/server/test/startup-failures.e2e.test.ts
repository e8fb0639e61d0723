import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test-support/test-database.js';
import { runCliProcess } from './cli-process.js';
import { freePort } from '../../../test-support/free-port.js';

// A server that cannot start says why in one line, and what to change (issue 10): run as `npm start` runs it.
const ROOT = resolve(import.meta.dirname, '../../..');
const COMMAND = (entry: string) => ['scripts/start.mjs', entry];

/**
 * The environment of this run without DATABASE_URL and REDIS_URL: these cases are about the embedded
 * database, and CI's second run sets both for every test (a case sets them again when it means to).
 */
function inherited(): NodeJS.ProcessEnv {
  const { DATABASE_URL: _db, REDIS_URL: _redis, ...rest } = process.env;
  return rest;
}

interface Run {
  readonly code: number | null;
  readonly lastLine: string;
  readonly stderr: string;
}

function run(
  env: Record<string, string>,
  entry = 'apps/server/src/main.ts',
  untilReady = false,
): Promise<Run> {
  return new Promise((done) => {
    const child = spawn(process.execPath, COMMAND(entry), {
      cwd: ROOT,
      env: {
        ...inherited(),
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        METRICS_PORT: 'off',
        HOST: '127.0.0.1',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    if (untilReady) child.kill('SIGTERM');
    child.once('exit', (code) => {
      const lines = stderr
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith('kindred: bundl'));
      done({ code, lastLine: lines.at(-1) ?? stdout.trim().split('\n').at(-1) ?? '', stderr });
    });
  });
}

/** A server on the same DATA_DIR, running until the end of this file. */
let holder: { stop(): Promise<void>; dataDir: string; pgPort: number; port: number } | null = null;
let squatter: Server | null = null;
let squattedPort = 0;

beforeAll(async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'kindred-held-'));
  const [port, pgPort] = [await freePort(), await freePort()];
  const child = spawn(process.execPath, COMMAND('apps/server/src/main.ts'), {
    cwd: ROOT,
    env: {
      ...inherited(),
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      METRICS_PORT: 'off',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(pgPort),
    },
    stdio: 'ignore',
  });
  for (let i = 0; i < 300; i++) {
    if ((await fetch(`http://127.0.0.1:${port}/ready`).catch(() => null))?.ok) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  holder = {
    dataDir,
    pgPort,
    port,
    stop: () =>
      new Promise((done) => {
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
  squatter = createServer().listen(0, '127.0.0.1');
  await new Promise((r) => squatter!.once('listening', r));
  squattedPort = (squatter.address() as { port: number }).port;
}, 120_000);
afterAll(async () => {
  await holder?.stop();
  squatter?.close();
});

const oneLine = (result: Run) => {
  expect(result.code).not.toBe(0);
  expect(result.lastLine).toMatch(/^Kindred could not start: /);
  expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/); // no stack
  expect(result.stderr).not.toMatch(/could not start: undefined/);
};

describe('start-up failures explain themselves in one line, with the fix', () => {
  it('an HTTP port in use', async () => {
    const result = await run({
      PORT: String(holder!.port),
      DATA_DIR: await mkdtemp(join(tmpdir(), 'kindred-f-')),
      EMBEDDED_PG_PORT: String(await freePort()),
    });
    oneLine(result);
    expect(result.lastLine).toContain(`PORT ${holder!.port} is in use`);
  });

  it('an embedded-database port in use', async () => {
    const result = await run({
      PORT: '0',
      DATA_DIR: await mkdtemp(join(tmpdir(), 'kindred-f-')),
      EMBEDDED_PG_PORT: String(squattedPort),
    });
    oneLine(result);
    expect(result.lastLine).toContain(
      `EMBEDDED_PG_PORT ${squattedPort} is in use by another program: set EMBEDDED_PG_PORT to a free port`,
    );
  });

  it('a DATA_DIR a running server holds', async () => {
    const result = await run({
      PORT: '0',
      DATA_DIR: holder!.dataDir,
      EMBEDDED_PG_PORT: String(await freePort()),
    });
    oneLine(result);
    expect(result.lastLine).toMatch(
      /DATA_DIR .* is in use by a running server \(PID \d+\): stop it, or set DATA_DIR to another folder/,
    );
  });

  it('a DATA_DIR of another PostgreSQL major version', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'kindred-old-'));
    await mkdir(join(dataDir, 'pg'));
    await writeFile(join(dataDir, 'pg', 'PG_VERSION'), '15\n');
    const result = await run({ PORT: '0', DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()) });
    oneLine(result);
    expect(result.lastLine).toContain(
      'holds a PostgreSQL 15 database and the embedded server is PostgreSQL 18',
    );
  });

  it('a DATABASE_URL that does not answer, or refuses the password (never printed)', async () => {
    const down = await run({
      PORT: '0',
      DATABASE_URL: `postgres://kindred:s3cret@127.0.0.1:${squattedPort}/kindred`,
    });
    oneLine(down);
    expect(down.lastLine).toMatch(
      /DATABASE_URL \(postgres:\/\/kindred:\*\*\*@127\.0\.0\.1:\d+\/kindred\) does not answer/,
    );
    const url = new URL(await createTestDatabase('startup_password'));
    url.password = 'certainly-not-the-password';
    url.username = 'nobody_like_this';
    const refused = await run({ PORT: '0', DATABASE_URL: url.toString() });
    oneLine(refused);
    expect(refused.lastLine).toMatch(/DATABASE_URL \(.*\*\*\*.*\) (was refused|does not answer)/);
    expect(refused.stderr).not.toContain('certainly-not-the-password');
  });

  it('a malformed SMTP_URL', async () => {
    for (const value of ['nonsense', 'http://mail.example']) {
      const result = await run({ SMTP_URL: value });
      oneLine(result);
      expect(result.lastLine).toMatch(/SMTP_URL: .*smtp:\/\/user:password@mail\.example:587/);
    }
  });
});

describe('a DATA_DIR inside a folder nobody else may enter (a clone under /root)', () => {
  it('starts, and comes back after a restart with its data', async () => {
    const locked = await mkdtemp(join(tmpdir(), 'kindred-locked-'));
    await chmod(locked, 0o700);
    const env = {
      PORT: String(await freePort()),
      DATA_DIR: join(locked, 'data'),
      EMBEDDED_PG_PORT: String(await freePort()),
    };
    for (let round = 0; round < 2; round++) {
      const child = spawn(process.execPath, COMMAND('apps/server/src/main.ts'), {
        cwd: ROOT,
        env: {
          ...inherited(),
          NODE_ENV: 'test',
          LOG_LEVEL: 'warn',
          METRICS_PORT: 'off',
          HOST: '127.0.0.1',
          ...env,
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
      let ready = false;
      for (let i = 0; i < 300 && child.exitCode === null && !ready; i++) {
        ready = (await fetch(`http://127.0.0.1:${env.PORT}/ready`).catch(() => null))?.ok ?? false;
        if (!ready) await new Promise((r) => setTimeout(r, 200));
      }
      expect(ready, stderr).toBe(true);
      if (round === 0) {
        const registered = await fetch(`http://127.0.0.1:${env.PORT}/api/v1/auth/register`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            username: 'locked_in',
            email: 'locked@example.test',
            password: 'a long enough passphrase',
            firstName: 'L',
            lastName: 'I',
          }),
        });
        expect(registered.status).toBe(202);
      } else {
        const taken = await fetch(
          `http://127.0.0.1:${env.PORT}/api/v1/auth/username-available?username=locked_in`,
        );
        expect(await taken.json()).toEqual({ available: false });
      }
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
    // As root the cluster went where the postgres account can reach it: leave nothing behind.
    const moved = (await readFile(join(env.DATA_DIR, 'pg-location'), 'utf8').catch(() => '')).trim();
    if (moved) await rm(resolve(moved, '..'), { recursive: true, force: true });
  }, 120_000);
});

describe('the CLI beside a running server', () => {
  it('migrate and seed use the running server’s embedded database', async () => {
    const env = { DATA_DIR: holder!.dataDir, EMBEDDED_PG_PORT: String(await freePort()), LOG_LEVEL: 'info' };
    const migrate = await run(env, 'apps/server/src/cli/migrate.ts');
    expect(migrate.code).toBe(0);
    const seed = await runCliProcess('apps/server/src/cli/seed.ts', ['--users', '3'], {
      ...inherited(),
      NODE_ENV: 'test',
      ...env,
    });
    expect(seed.code, seed.out).toBe(0);
    expect(seed.out).toMatch(/Seeded 3 members/);
    // The server still runs and sees what was seeded.
    const login = await fetch(`http://127.0.0.1:${holder!.port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'demo', password: 'kindred demo account 2026' }),
    });
    expect(login.status).toBe(200);
    // Roles too: granted on the embedded database the server holds, seen by the server at once.
    const granted = await runCliProcess('apps/server/src/cli/admin.ts', ['grant', 'demo', 'moderator'], {
      ...inherited(),
      NODE_ENV: 'test',
      ...env,
    });
    expect(granted.code, granted.out).toBe(0);
    const { accessToken } = (await login.json()) as { accessToken: string };
    const me = await fetch(`http://127.0.0.1:${holder!.port}/api/v1/me`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(((await me.json()) as { role: string }).role).toBe('moderator');
  }, 120_000);
});
