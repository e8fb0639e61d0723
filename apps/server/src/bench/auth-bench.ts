import autocannon from 'autocannon';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { cpus } from 'node:os';
import argon2 from 'argon2';
import { OWASP_ARGON2ID } from '@kindred/adapters-security';
import { startBenchServer } from './bench-server.js';

/**
 * `npm run bench:auth`: login throughput next to the raw argon2id rate of
 * this machine, and authenticated GET /api/v1/me under 50 connections.
 */
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const PASSWORD = 'benchmark horse battery';

async function rawHashRate(seconds: number, concurrency: number): Promise<number> {
  const hash = await argon2.hash(PASSWORD, OWASP_ARGON2ID);
  let done = 0;
  const until = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < until) {
        await argon2.verify(hash, PASSWORD);
        done += 1;
      }
    }),
  );
  return done / seconds;
}

async function run(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

async function main() {
  const server = await startBenchServer();
  try {
    // Members made over the API; their verification links are read from the dev outbox.
    const users = Array.from({ length: 20 }, (_, i) => `bench_user_${i}`);
    for (const username of users) {
      const response = await fetch(`${server.url}/api/v1/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          username,
          email: `${username}@bench.test`,
          password: PASSWORD,
          firstName: 'Bench',
          lastName: 'User',
        }),
      });
      if (response.status !== 202) throw new Error(`register answered ${response.status}`);
    }
    const tokens = await waitForOutboxTokens(join(server.dataDir, 'outbox'), users.length);
    for (const token of tokens) {
      const response = await fetch(`${server.url}/api/v1/auth/verify-email`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token }),
      });
      if (response.status !== 200) throw new Error(`verify answered ${response.status}`);
    }

    const threads = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
    console.log(`Kindred auth benchmark — ${cpus().length} cores, ${DURATION} s per run`);
    // Measured before and after the login run, so that drift of a shared machine does not skew the ratio.
    const rawBefore = await rawHashRate(DURATION / 2, threads);

    let next = 0;
    const login = await run({
      url: `${server.url}/api/v1/auth/login`,
      method: 'POST',
      connections: 8,
      duration: DURATION,
      headers: { 'content-type': 'application/json' },
      setupClient: (client) => {
        const username = users[next++ % users.length]!;
        client.setBody(JSON.stringify({ username, password: PASSWORD }));
      },
    });
    const rawAfter = await rawHashRate(DURATION / 2, threads);
    const raw = (rawBefore + rawAfter) / 2;
    console.log(
      `raw argon2id verify (m=19456,t=2,p=1, ${threads} in parallel): ${raw.toFixed(1)} /s (${rawBefore.toFixed(1)} before, ${rawAfter.toFixed(1)} after the login run)`,
    );
    const loginRate = login.requests.average;
    console.log(
      `POST /login: ${loginRate.toFixed(1)} logins/s (${((loginRate / raw) * 100).toFixed(0)} % of raw), p50 ${login.latency.p50} ms, p99 ${login.latency.p99} ms, non-2xx ${login.non2xx}`,
    );

    const session = await (
      await fetch(`${server.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: users[0], password: PASSWORD }),
      })
    ).json();
    const me = await run({
      url: `${server.url}/api/v1/me`,
      connections: 50,
      duration: DURATION,
      headers: { authorization: `Bearer ${(session as { accessToken: string }).accessToken}` },
    });
    console.log(
      `GET /me (50 connections): ${me.requests.average.toFixed(0)} req/s, p50 ${me.latency.p50} ms, p99 ${me.latency.p99} ms, non-2xx ${me.non2xx}`,
    );

    // No timing tells who is a member: the same requests for a member's address and a stranger's, interleaved.
    const timings = { member: [] as number[], stranger: [] as number[] };
    for (let i = 0; i < 200; i++) {
      const who = i % 2 === 0 ? 'member' : 'stranger';
      const email = who === 'member' ? `${users[i % users.length]}@bench.test` : `nobody${i}@bench.test`;
      const started = performance.now();
      await fetch(`${server.url}/api/v1/auth/password-reset`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email }),
      });
      timings[who].push(performance.now() - started);
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
    console.log(
      `POST /password-reset, median of 100 each: a member's address ${median(timings.member).toFixed(2)} ms, a stranger's ${median(timings.stranger).toFixed(2)} ms`,
    );
  } finally {
    await server.stop();
  }
}

async function waitForOutboxTokens(dir: string, count: number): Promise<string[]> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const files = await readdir(dir).catch(() => []);
    if (files.length >= count) {
      const texts = await Promise.all(files.map((f) => readFile(join(dir, f), 'utf8')));
      // Undo quoted-printable: soft line breaks and the encoded '='.
      return texts.map(
        (t) =>
          /verify-email\?token=([A-Za-z0-9_-]+)/.exec(t.replace(/=\r?\n/g, '').replace(/=3D/g, '='))![1]!,
      );
    }
    if (Date.now() > deadline) throw new Error('verification mails did not arrive');
    await new Promise((r) => setTimeout(r, 200));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
