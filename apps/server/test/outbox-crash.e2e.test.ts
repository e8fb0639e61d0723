import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test-support/test-database.js';
import { freePort } from '../../../test-support/free-port.js';
import { BENCH_JWT_SECRET } from '../src/bench/bench-server.js';
import { load, type Member } from '../src/bench/chat-bench-kit.js';
import { SocketClient } from './socket-client.js';

/**
 * A message and its frames commit together (the outbox): kill -9 the server
 * at a random moment of a burst of sends, start it again on the same
 * database, and every message that was acknowledged (HTTP 201, or the
 * sender's own `message.new` over WebSocket) is in the `?since=` replay of
 * both its participants, and in the history once.
 */
const ROOT = resolve(import.meta.dirname, '../../..');
const PAIRS = 4;
const running = new Set<ChildProcess>();
afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
});

async function startServer(databaseUrl: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['scripts/start.mjs', 'apps/server/src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      JWT_SECRET: BENCH_JWT_SECRET,
      PORT: String(port),
      HOST: '127.0.0.1',
      RATE_LIMITS: 'off',
      LOG_LEVEL: 'warn',
      METRICS_PORT: '0',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}: ${stderr}`);
    if ((await fetch(`http://127.0.0.1:${port}/ready`).catch(() => null))?.status === 200) return child;
    if (Date.now() > deadline) throw new Error('the server did not start within 60 s');
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Acked {
  readonly id: string;
  readonly pair: number;
  readonly content: string;
}

/** Sends until the server dies: HTTP and WebSocket alternately, many in flight; answers what was acknowledged. */
async function burstUntilKilled(
  url: string,
  members: readonly Member[],
  conversations: readonly string[],
  child: ChildProcess,
  round: number,
): Promise<Acked[]> {
  const acked: Acked[] = [];
  const sockets = await Promise.all(members.map((m) => SocketClient.open(url, { token: m.token })));
  const pending = new Map<string, { pair: number; content: string }>();
  sockets.forEach((socket) =>
    socket.ws.on('message', (raw) => {
      const frame = JSON.parse(raw.toString()) as {
        type: string;
        data: { id: string; clientMessageId: string };
      };
      const sent = frame.type === 'message.new' ? pending.get(frame.data.clientMessageId) : undefined;
      if (sent) {
        pending.delete(frame.data.clientMessageId);
        acked.push({ id: frame.data.id, ...sent });
      }
    }),
  );
  const dead = new Promise<void>((done) => child.once('exit', () => done()));
  // The kill comes at a random moment of the burst.
  setTimeout(() => child.kill('SIGKILL'), 300 + Math.random() * 1200);
  let alive = true;
  void dead.then(() => (alive = false));
  let k = 0;
  const sender = async (lane: number) => {
    while (alive) {
      const n = k++;
      const pair = n % PAIRS;
      const from = members[pair * 2 + (n % 2)]!;
      const content = `round ${round} message ${n}`;
      const clientMessageId = `r${round}-${n}`;
      if (lane % 2 === 0) {
        const response = await fetch(`${url}/api/v1/conversations/${conversations[pair]}/messages`, {
          method: 'POST',
          headers: { authorization: `Bearer ${from.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ content, clientMessageId }),
        }).catch(() => null);
        if (response?.status === 201)
          acked.push({ id: ((await response.json()) as { id: string }).id, pair, content });
      } else {
        pending.set(clientMessageId, { pair, content });
        const socket = sockets[pair * 2 + (n % 2)]!;
        if (socket.ws.readyState === socket.ws.OPEN)
          socket.send({
            type: 'message.send',
            conversationId: conversations[pair],
            content,
            clientMessageId,
          });
        await new Promise((r) => setTimeout(r, 2));
      }
    }
  };
  await Promise.all([...Array.from({ length: 8 }, (_, lane) => sender(lane)), dead]);
  return acked;
}

/** Everything the member's log replays from the start, until `replay.done`. */
async function replayOf(url: string, member: Member): Promise<Map<string, string>> {
  const socket = await SocketClient.open(url, { token: member.token }, { since: '0' });
  await socket.next('replay.done', () => true, 20_000);
  socket.ws.close();
  return new Map(
    socket.frames.filter((f) => f.type === 'message.new').map((f) => [f.data.id, f.data.content]),
  );
}

describe('a message acknowledged is never missing from replay, whenever the server dies', () => {
  it('holds over three kill -9 at random moments of a burst', async () => {
    const databaseUrl = await createTestDatabase('outbox_crash');
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    let child = await startServer(databaseUrl, port);
    const { members, conversations } = await load(databaseUrl, PAIRS);
    const acked: Acked[] = [];
    for (let round = 0; round < 3; round++) {
      acked.push(...(await burstUntilKilled(url, members, conversations, child, round)));
      child = await startServer(databaseUrl, port);
    }
    expect(acked.length).toBeGreaterThan(50);

    for (let pair = 0; pair < PAIRS; pair++) {
      const mine = acked.filter((a) => a.pair === pair);
      for (const member of [members[pair * 2]!, members[pair * 2 + 1]!]) {
        const replayed = await replayOf(url, member);
        const missing = mine.filter((a) => replayed.get(a.id) !== a.content);
        expect(missing, `pair ${pair}: acknowledged, not replayed`).toEqual([]);
      }
    }
    const stored = await countStored(
      databaseUrl,
      acked.map((a) => a.id),
    );
    expect(stored).toBe(acked.length);
    child.kill('SIGTERM');
  }, 180_000);
});

async function countStored(databaseUrl: string, ids: readonly string[]): Promise<number> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      'select count(*)::int as n from messages where id = any($1::uuid[])',
      [ids],
    );
    return rows[0]!.n;
  } finally {
    await client.end();
  }
}
