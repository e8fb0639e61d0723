import { spawn, type ChildProcess } from 'node:child_process';
import { openSync } from 'node:fs';
import WebSocket from 'ws';
import { mkdtemp, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The JWT secret of bench servers, so that a benchmark can mint access tokens for members it loads. */
export const BENCH_JWT_SECRET = 'bench-secret-bench-secret-bench-secret-1234';

export interface BenchServer {
  readonly url: string;
  /** The server process, for its memory. */
  readonly pid: number;
  /** A full garbage collection in the server (started with `inspect`), through the inspector protocol. */
  collectGarbage(): Promise<void>;
  readonly dataDir: string;
  readonly databaseUrl: string;
  stop(): Promise<void>;
}

// The built server, whether this file runs built (benchmarks) or from source (tests).
const MAIN = resolve(fileURLToPath(import.meta.url), '../../../dist/main.js');

/**
 * Runs the built server in a child process, so the load generator in this
 * process does not share its event loop. Embedded database in a fresh
 * folder unless DATABASE_URL is set; rate limits off, logs quiet.
 */
export async function startBenchServer(
  extraEnv: Record<string, string> = {},
  options: { inspect?: boolean } = {},
): Promise<BenchServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'kindred-bench-'));
  const port = await freePort();
  const pgPort = await freePort();
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    JWT_SECRET: BENCH_JWT_SECRET,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(pgPort),
    RATE_LIMITS: 'off',
    // Any free port: several bench servers may run side by side.
    METRICS_PORT: '0',
    // Production settings, request log lines included (to a null sink: the figures are the server's).
    LOG_LEVEL: 'info',
    ...extraEnv,
  };
  // BENCH_NODE_ARGS (e.g. `--cpu-prof`) go to the server's node, for profiling.
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  // The inspector lets a benchmark collect garbage before reading memory, with no hook in the server.
  const inspectPort = options.inspect ? await freePort() : null;
  if (inspectPort !== null) nodeArgs.push(`--inspect=127.0.0.1:${inspectPort}`);
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, MAIN], {
    env,
    // BENCH_SERVER_LOG=<file> keeps the server's log lines there.
    stdio: [
      'ignore',
      process.env.BENCH_SERVER_LOG ? openSync(process.env.BENCH_SERVER_LOG, 'a') : 'ignore',
      'inherit',
    ],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/ready`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('the server did not become ready within 60 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    pid: child.pid!,
    collectGarbage: async () => {
      if (inspectPort === null) throw new Error('start the bench server with { inspect: true }');
      const [target] = (await (await fetch(`http://127.0.0.1:${inspectPort}/json/list`)).json()) as {
        webSocketDebuggerUrl: string;
      }[];
      const inspector = new WebSocket(target!.webSocketDebuggerUrl);
      await new Promise((done, fail) => {
        inspector.once('open', () =>
          inspector.send(JSON.stringify({ id: 1, method: 'HeapProfiler.collectGarbage' })),
        );
        inspector.on(
          'message',
          (data) => (JSON.parse(data.toString()) as { id?: number }).id === 1 && done(null),
        );
        inspector.once('error', fail);
      });
      inspector.close();
    },
    dataDir,
    databaseUrl:
      extraEnv.DATABASE_URL ??
      process.env.DATABASE_URL ??
      `postgres://postgres:${encodeURIComponent((await readFile(join(dataDir, 'pg-password'), 'utf8')).trim())}@127.0.0.1:${pgPort}/kindred`,
    stop: () =>
      new Promise((done) => {
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}
