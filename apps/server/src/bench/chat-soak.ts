import { cpuSeconds, machineTicks } from './cpu-meter.js';
import { call } from './http-client.js';
import { writeFile } from 'node:fs/promises';
import pg from 'pg';
import { startBenchServer, type BenchServer } from './bench-server.js';
import { closeAll, load, openSockets, percentile, rssKiB, type Socket } from './chat-bench-kit.js';

/**
 * `npm run bench:chat -- --soak [--seconds=600] [--rate=1000] [--window=30] [--trace=file]`:
 * mixed chat traffic held for minutes, as a client fleet would send it.
 * 100 members in 50 connected pairs, all connected; messages at a fixed rate,
 * spread over the pairs and both directions, half over HTTP (`POST
 * /conversations/{id}/messages`, acknowledged by its 201) and half over
 * WebSocket `message.send` (acknowledged by the sender's own `message.new`),
 * each with a unique clientMessageId. Prints per window the rate, send →
 * recipient delivery p50/p99, the server's RSS, CPU of the server and of
 * PostgreSQL, the database size and bytes stored per message; then
 * reconciles every conversation's history (read over HTTP) with what was
 * acknowledged and delivered. `--trace` writes each message's send time
 * (epoch ms), its send → delivery latency and transport as CSV, to line
 * spikes up with the server's `--trace-gc` or PostgreSQL's log.
 */
const PAIRS = 50;

/** Message k: its pair, its sender's side and its transport follow from k (see `send`). */
const pairOf = (k: number) => k % PAIRS;
const sideOf = (k: number) => Math.floor(k / PAIRS) % 2;
const viaOf = (k: number) => (Math.floor(k / (2 * PAIRS)) % 2 === 0 ? 'ws' : 'http');
const keyOf = (k: number) => `soak-${k}`;
const kOf = (clientMessageId: string | null) =>
  clientMessageId?.startsWith('soak-') ? Number(clientMessageId.slice(5)) : NaN;

/**
 * What happened to each message, in typed arrays indexed by k: 600,000
 * objects in a map made the load generator's own garbage collections show
 * up as server latency.
 */
class Ledger {
  count = 0;
  readonly at: Float64Array;
  readonly acked: Uint8Array;
  readonly deliveries: Uint8Array;
  readonly latency: Float32Array;

  constructor(readonly capacity: number) {
    this.at = new Float64Array(capacity);
    this.acked = new Uint8Array(capacity);
    this.deliveries = new Uint8Array(capacity);
    this.latency = new Float32Array(capacity).fill(NaN);
  }

  has(k: number): boolean {
    return Number.isInteger(k) && k >= 0 && k < this.count;
  }
}

interface Window {
  sent: number;
  acked: number;
  latencies: number[];
}

function option(args: readonly string[], name: string, fallback: number): number {
  const found = args.find((a) => a.startsWith(`--${name}=`));
  if (!found) return fallback;
  const value = Number(found.slice(name.length + 3));
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

const f1 = (x: number) => x.toFixed(1);
const pad = (s: string, n: number) => s.padStart(n);

export async function soak(args: readonly string[]): Promise<void> {
  const seconds = option(args, 'seconds', 600);
  const rate = option(args, 'rate', 1000);
  const windowSeconds = option(args, 'window', 30);
  const trace = args.find((a) => a.startsWith('--trace='))?.slice('--trace='.length);
  console.log(
    `Kindred chat soak — ${seconds} s at ${rate} messages/s, ${PAIRS} pairs, half over HTTP and half over WebSocket, ${windowSeconds}-s windows`,
  );
  const server = await startBenchServer();
  const db = new pg.Client({ connectionString: server.databaseUrl });
  try {
    const { members, conversations } = await load(server.databaseUrl, PAIRS);
    await db.connect();
    const sockets = await openSockets(server.url, members);
    const sent = new Ledger(Math.ceil(seconds * rate) + 1);
    const windows: Window[] = [];
    const problems = { refused: new Map<string, number>(), unknownFrames: 0 };
    const refuse = (why: string) => problems.refused.set(why, (problems.refused.get(why) ?? 0) + 1);
    const started = performance.now();
    const windowOf = (at: number) =>
      (windows[Math.floor((at - started) / 1000 / windowSeconds)] ??= {
        sent: 0,
        acked: 0,
        latencies: [],
      });
    const ack = (k: number) => {
      if (sent.acked[k]) return;
      sent.acked[k] = 1;
      windowOf(sent.at[k]!).acked += 1;
    };
    // Member 2k and 2k + 1 are pair k (load's order).
    sockets.forEach((socket: Socket, m) => {
      const pair = Math.floor(m / 2);
      const side = m % 2;
      socket.onFrame = (frame) => {
        if (frame.type === 'error') return refuse(`ws ${(frame.data as unknown as { code: string }).code}`);
        if (frame.type !== 'message.new') return;
        const k = kOf(frame.data.clientMessageId);
        if (!sent.has(k) || pairOf(k) !== pair) return void (problems.unknownFrames += 1);
        if (sideOf(k) === side) {
          if (viaOf(k) === 'ws') ack(k);
          return;
        }
        sent.deliveries[k] = Math.min(255, sent.deliveries[k]! + 1);
        if (sent.deliveries[k] === 1) {
          const latency = performance.now() - sent.at[k]!;
          sent.latency[k] = latency;
          windowOf(sent.at[k]!).latencies.push(latency);
        }
      };
    });

    const send = (k: number) => {
      const pair = pairOf(k);
      const from = sideOf(k);
      const via = viaOf(k);
      const clientMessageId = keyOf(k);
      sent.at[k] = performance.now();
      sent.count = k + 1;
      windowOf(sent.at[k]!).sent += 1;
      const content = `soak message ${k}`;
      const conversationId = conversations[pair]!;
      if (via === 'ws') {
        sockets[pair * 2 + from]!.ws.send(
          JSON.stringify({ type: 'message.send', conversationId, content, clientMessageId }),
        );
        return;
      }
      call(`${server.url}/api/v1/conversations/${conversationId}/messages`, members[pair * 2 + from]!.token, {
        method: 'POST',
        body: { content, clientMessageId },
      }).then(
        ({ status }) => (status === 201 ? ack(k) : refuse(`http ${status}`)),
        (error: unknown) => refuse(`http ${(error as Error).message}`),
      );
    };

    const sizeOf = async () =>
      Number((await db.query<{ n: string }>('select pg_database_size(current_database()) as n')).rows[0]!.n);
    /** WAL written and transactions committed so far (reads included: each is a statement, a round trip). */
    const counters = async () => {
      const { rows } = await db.query<{ wal: string; commits: string }>(
        `select pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::text as wal,
                (select xact_commit from pg_stat_database where datname = current_database())::text as commits`,
      );
      return { wal: Number(rows[0]!.wal), commits: Number(rows[0]!.commits) };
    };
    const size0 = await sizeOf();
    let last = await counters();
    console.log(
      '\n window | sent/s | acked/s | p50 ms | p99 ms |  max ms | server RSS MiB | server CPU | PG CPU | load CPU | steal | DB MiB | bytes/msg | WAL/msg | xacts/msg',
    );
    let cpu = await cpuSeconds(server.pid);
    let own = process.cpuUsage();
    let machine = await machineTicks();
    let cpuAt = performance.now();
    let printed = 0;
    const report = async (w: number) => {
      const window = windows[w] ?? { sent: 0, acked: 0, latencies: [] };
      const latencies = [...window.latencies].sort((a, b) => a - b);
      const now = await cpuSeconds(server.pid);
      const ownNow = process.cpuUsage(own);
      own = process.cpuUsage();
      const machineNow = await machineTicks();
      const steal = (machineNow.steal - machine.steal) / Math.max(1, machineNow.total - machine.total);
      machine = machineNow;
      const elapsed = (performance.now() - cpuAt) / 1000;
      const size = await sizeOf();
      const stored = [...windows.slice(0, w + 1)].reduce((n, x) => n + (x?.acked ?? 0), 0);
      const now2 = await counters();
      const perMessage = (x: number) => (window.acked ? x / window.acked : NaN);
      console.log(
        [
          pad(`${w * windowSeconds}–${(w + 1) * windowSeconds} s`, 7),
          pad(f1(window.sent / windowSeconds), 6),
          pad(f1(window.acked / windowSeconds), 7),
          pad(f1(percentile(latencies, 50)), 6),
          pad(f1(percentile(latencies, 99)), 6),
          pad(f1(latencies.at(-1) ?? NaN), 7),
          pad(f1((await rssKiB(server.pid)) / 1024), 14),
          pad(`${Math.round(((now.server - cpu.server) / elapsed) * 100)} %`, 10),
          pad(`${Math.round(((now.postgres - cpu.postgres) / elapsed) * 100)} %`, 6),
          pad(`${Math.round((ownNow.user + ownNow.system) / 1e4 / elapsed)} %`, 8),
          pad(`${Math.round(steal * 100)} %`, 5),
          pad(f1(size / 2 ** 20), 6),
          pad(stored ? String(Math.round((size - size0) / stored)) : '-', 9),
          pad(String(Math.round(perMessage(now2.wal - last.wal))), 7),
          pad(perMessage(now2.commits - last.commits).toFixed(2), 9),
        ].join(' | '),
      );
      cpu = now;
      last = now2;
      cpuAt = performance.now();
    };

    let k = 0;
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const elapsed = (performance.now() - started) / 1000;
        // Catch up with the schedule, so a late tick does not lower the rate.
        for (const due = Math.min(seconds, elapsed) * rate; k < due; k++) send(k);
        // A window is reported 2 s after it ends, when its last deliveries are in.
        if (elapsed >= (printed + 1) * windowSeconds + 2 && printed < Math.ceil(seconds / windowSeconds)) {
          void report(printed++);
        }
        if (elapsed >= seconds + 3 && printed >= Math.ceil(seconds / windowSeconds)) {
          clearInterval(timer);
          resolve();
        }
      }, 5);
    });
    await new Promise((r) => setTimeout(r, 2_000));
    if (trace) await writeTrace(trace, sent);
    await reconcile(server, members, conversations, sent, problems);
    await breakdown(db, sent.count);
    await closeAll(sockets);
  } finally {
    await db.end().catch(() => {});
    await server.stop();
  }
}

/** Every conversation's history read back over HTTP, against what was acknowledged and delivered. */
async function writeTrace(file: string, sent: Ledger): Promise<void> {
  const lines = ['sent_at_ms,latency_ms,via'];
  for (let k = 0; k < sent.count; k++)
    lines.push(
      `${(performance.timeOrigin + sent.at[k]!).toFixed(1)},${sent.latency[k]!.toFixed(1)},${viaOf(k)}`,
    );
  await writeFile(file, `${lines.join('\n')}\n`);
}

async function reconcile(
  server: BenchServer,
  members: readonly { token: string }[],
  conversations: readonly string[],
  sent: Ledger,
  problems: { refused: ReadonlyMap<string, number>; unknownFrames: number },
): Promise<void> {
  const stored = new Uint16Array(sent.count);
  let storedTotal = 0;
  let foreign = 0;
  await Promise.all(
    conversations.map(async (conversationId, pair) => {
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `cursor=${encodeURIComponent(cursor)}&limit=100` : 'limit=100';
        const response = await fetch(
          `${server.url}/api/v1/conversations/${conversationId}/messages?${query}`,
          {
            headers: { authorization: `Bearer ${members[pair * 2]!.token}` },
          },
        );
        if (response.status !== 200) throw new Error(`history answered ${response.status}`);
        const page = (await response.json()) as {
          items: { clientMessageId: string | null }[];
          nextCursor: string | null;
        };
        for (const m of page.items) {
          const k = kOf(m.clientMessageId);
          storedTotal += 1;
          if (sent.has(k)) stored[k] = stored[k]! + 1;
          else foreign += 1;
        }
        cursor = page.nextCursor;
      } while (cursor);
    }),
  );
  let acked = 0;
  let lost = 0;
  let storedNotAcked = 0;
  let notDelivered = 0;
  let deliveredTwice = 0;
  let duplicated = 0;
  for (let k = 0; k < sent.count; k++) {
    const times = stored[k]!;
    const isAcked = sent.acked[k] === 1;
    if (isAcked) acked += 1;
    if (isAcked && times === 0) lost += 1;
    if (!isAcked && times > 0) storedNotAcked += 1;
    if (times > 1) duplicated += 1;
    if (isAcked && sent.deliveries[k] === 0) notDelivered += 1;
    if (sent.deliveries[k]! > 1) deliveredTwice += 1;
  }
  const latencies = Array.from(sent.latency.subarray(0, sent.count))
    .filter((x) => !Number.isNaN(x))
    .sort((a, b) => a - b);
  console.log(
    `\nreconciliation: ${sent.count.toLocaleString('en')} sent, ${acked.toLocaleString('en')} acknowledged, ` +
      `${storedTotal.toLocaleString('en')} in the histories${foreign ? ` (${foreign} not sent by the soak)` : ''}`,
  );
  console.log(
    `  lost ${lost}, duplicated ${duplicated}, stored but not acknowledged ${storedNotAcked}, ` +
      `acknowledged but not delivered live ${notDelivered}, delivered twice ${deliveredTwice}`,
  );
  if (problems.refused.size > 0)
    console.log(`  refused: ${JSON.stringify(Object.fromEntries(problems.refused))}`);
  if (problems.unknownFrames > 0) console.log(`  frames for no message sent: ${problems.unknownFrames}`);
  console.log(
    `  whole run: send → delivery p50 ${f1(percentile(latencies, 50))} ms, p99 ${f1(percentile(latencies, 99))} ms, max ${f1(latencies.at(-1) ?? NaN)} ms`,
  );
}

/** Where the bytes went: the chat tables with their indexes and TOAST. */
async function breakdown(db: pg.Client, messages: number): Promise<void> {
  const { rows } = await db.query<{ name: string; heap: string; indexes: string }>(
    `select c.relname as name, pg_table_size(c.oid) as heap, pg_indexes_size(c.oid) as indexes
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind = 'r'
      order by pg_total_relation_size(c.oid) desc limit 8`,
  );
  console.log('  largest tables (bytes per message sent: table + indexes):');
  for (const r of rows)
    console.log(
      `    ${r.name.padEnd(28)} ${pad(String(Math.round(Number(r.heap) / messages)), 5)} + ${pad(String(Math.round(Number(r.indexes) / messages)), 5)}`,
    );
  const indexes = await db.query<{ name: string; size: string }>(
    `select i.relname as name, pg_relation_size(i.oid)::text as size
       from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
      where t.relname in ('messages', 'events') order by pg_relation_size(i.oid) desc`,
  );
  console.log(
    `  their indexes: ${indexes.rows.map((r) => `${r.name} ${Math.round(Number(r.size) / messages)}`).join(', ')}`,
  );
  // Background work that competes with the sends: vacuum of the hot tables, checkpoints.
  const vacuums = await db.query<{ name: string; ins: string; upd: string; hot: string; vacuums: number }>(
    `select relname as name, n_tup_ins::text as ins, n_tup_upd::text as upd, n_tup_hot_upd::text as hot,
            (autovacuum_count + autoanalyze_count)::int as vacuums
       from pg_stat_user_tables where n_tup_ins + n_tup_upd > $1 order by n_tup_ins + n_tup_upd desc`,
    [messages / 10],
  );
  console.log('  hot tables: inserts, updates (HOT), autovacuum + autoanalyze runs:');
  for (const v of vacuums.rows)
    console.log(`    ${v.name.padEnd(28)} ${v.ins} ins, ${v.upd} upd (${v.hot} HOT), ${v.vacuums} runs`);
  const checkpoints = await db
    .query<{ timed: string; requested: string }>(
      'select num_timed::text as timed, num_requested::text as requested from pg_stat_checkpointer',
    )
    .catch(() =>
      db.query<{ timed: string; requested: string }>(
        'select checkpoints_timed::text as timed, checkpoints_req::text as requested from pg_stat_bgwriter',
      ),
    );
  const c = checkpoints.rows[0]!;
  console.log(`  checkpoints since the server started: ${c.timed} timed, ${c.requested} requested`);
}
