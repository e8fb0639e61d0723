import { cpus } from 'node:os';
import pg from 'pg';
import { startBenchServer, type BenchServer } from './bench-server.js';
import {
  closeAll,
  load,
  openSockets,
  percentile,
  rssKiB,
  type Member,
  type Socket,
} from './chat-bench-kit.js';
import { soak } from './chat-soak.js';

/**
 * `npm run bench:chat`: real WebSocket clients against the built server.
 * - sustained: 1,000 senders write to their 1,000 partners over `message.send`
 *   (2,000 sockets), each keeping a few messages in flight; a message counts
 *   once its recipient has it. Each is stored before the sender's
 *   acknowledgement (`message.new`) leaves the server.
 * - latency: send → recipient delivery at a fixed 1,000 messages/s.
 * - memory: the server's RSS growth per idle authenticated socket, 10,000 sockets.
 * Then the same over two processes and Redis (senders on one, recipients on
 * the other) when REDIS_URL is set. BENCH_SECONDS (10) per measure.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PAIRS = 5_000;
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 4);

/** Senders keep IN_FLIGHT messages each; counts what recipients received per second. */
async function sustained(senders: Socket[], receivers: Socket[], conversations: string[]) {
  let delivered = 0;
  let acked = 0;
  let running = true;
  const errors = new Map<string, number>();
  for (const r of receivers) r.onFrame = (f) => void (f.type === 'message.new' && (delivered += 1));
  senders.forEach((s, i) => {
    let n = 0;
    const next = () => {
      if (!running) return;
      s.ws.send(
        JSON.stringify({
          type: 'message.send',
          conversationId: conversations[i],
          content: `m${n}`,
          clientMessageId: `s${i}-${n++}`,
        }),
      );
    };
    s.onFrame = (f) => {
      if (f.type === 'message.new') {
        acked += 1;
        next();
      } else if (f.type === 'error') {
        errors.set(
          (f.data as unknown as { code: string }).code,
          (errors.get((f.data as unknown as { code: string }).code) ?? 0) + 1,
        );
        next();
      }
    };
    for (let k = 0; k < IN_FLIGHT; k++) next();
  });
  await new Promise((r) => setTimeout(r, 2_000)); // warm-up
  const [d0, a0, t0] = [delivered, acked, performance.now()];
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  const [d1, a1, t1] = [delivered, acked, performance.now()];
  running = false;
  // Drain: every message in flight is answered before the next measure starts.
  for (let last = -1; acked !== last;) {
    last = acked;
    await new Promise((r) => setTimeout(r, 1_000));
  }
  const seconds = (t1 - t0) / 1000;
  if (errors.size > 0) console.log(`  (errors answered: ${JSON.stringify(Object.fromEntries(errors))})`);
  return { deliveredPerSecond: (d1 - d0) / seconds, ackedPerSecond: (a1 - a0) / seconds };
}

/** A fixed send rate; latency from send to the recipient's frame. */
async function latency(senders: Socket[], receivers: Socket[], conversations: string[], perSecond: number) {
  const sentAt = new Map<string, number>();
  const samples: number[] = [];
  let delivered = 0;
  const started = performance.now();
  for (const r of receivers)
    r.onFrame = (f) => {
      if (f.type !== 'message.new' || !f.data.clientMessageId) return;
      const t = sentAt.get(f.data.clientMessageId);
      // The first second warms up (connections, plans) and is not counted.
      if (t === undefined) return;
      delivered += 1;
      if (t - started >= 1_000) samples.push(performance.now() - t);
    };
  for (const s of senders) s.onFrame = () => {};
  const tickMs = 10;
  let next = 0;
  let sent = 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      // Catch up with the schedule, so a late tick does not lower the rate.
      const due = Math.floor(((performance.now() - started) / 1000) * perSecond);
      for (; sent < due; sent++) {
        const i = next++ % senders.length;
        const id = `l${sent}`;
        sentAt.set(id, performance.now());
        senders[i]!.ws.send(
          JSON.stringify({
            type: 'message.send',
            conversationId: conversations[i],
            content: 'ping',
            clientMessageId: id,
          }),
        );
      }
      if (performance.now() - started >= (SECONDS + 1) * 1000) {
        clearInterval(timer);
        resolve();
      }
    }, tickMs);
  });
  await new Promise((r) => setTimeout(r, 2_000));
  samples.sort((a, b) => a - b);
  return { sent, received: delivered, p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

async function idleMemory(nodes: { server: BenchServer; members: Member[] }[]) {
  const settled = () => Promise.all(nodes.map((n) => n.server.collectGarbage()));
  await settled();
  const before = await Promise.all(nodes.map((n) => rssKiB(n.server.pid)));
  const sockets = await Promise.all(nodes.map((n) => openSockets(n.server.url, n.members)));
  await Promise.all(nodes.map((n) => settle(n.server.url, n.members[0]!.token))); // presence writes and announcements
  await settled();
  const after = await Promise.all(nodes.map((n) => rssKiB(n.server.pid)));
  await Promise.all(sockets.map(closeAll));
  await Promise.all(nodes.map((n) => settle(n.server.url, n.members[0]!.token)));
  return nodes.map((n, i) => ({
    sockets: n.members.length,
    perSocketKiB: (after[i]! - before[i]!) / n.members.length,
    rssMiB: after[i]! / 1024,
  }));
}

const f1 = (x: number) => x.toFixed(1);

/** Waits until the server answers a database-backed request quickly again (after a burst of connects or closes). */
async function settle(url: string, token: string): Promise<void> {
  for (let quiet = 0; quiet < 3;) {
    const started = performance.now();
    await (
      await fetch(`${url}/api/v1/messages/unread-count`, { headers: { authorization: `Bearer ${token}` } })
    ).arrayBuffer();
    quiet = performance.now() - started < 50 ? quiet + 1 : 0;
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function measure(
  label: string,
  senderNode: BenchServer,
  receiverNode: BenchServer,
  members: Member[],
  conversations: string[],
) {
  const senders = await openSockets(senderNode.url, members.filter((_, i) => i % 2 === 0).slice(0, 1000));
  const receivers = await openSockets(receiverNode.url, members.filter((_, i) => i % 2 === 1).slice(0, 1000));
  await settle(senderNode.url, members[0]!.token);
  await settle(receiverNode.url, members[0]!.token);
  const s = await sustained(senders, receivers, conversations);
  console.log(
    `  ${label}: sustained with 2,000 sockets  ${f1(s.deliveredPerSecond)} messages/s delivered (${f1(s.ackedPerSecond)}/s acknowledged after storing; ${IN_FLIGHT} in flight per sender)`,
  );
  await settle(senderNode.url, members[0]!.token);
  await settle(receiverNode.url, members[0]!.token);
  const l = await latency(senders, receivers, conversations, 1000);
  console.log(
    `  ${label}: at a fixed 1,000 messages/s     send → delivery p50 ${f1(l.p50)} ms, p99 ${f1(l.p99)} ms (${l.received}/${l.sent} delivered; the first second not counted)`,
  );
  await closeAll([...senders, ...receivers]);
}

const HISTORY_MESSAGES = Number(process.env.BENCH_HISTORY_MESSAGES ?? 2_000_000);

/**
 * History paging and unread counts with millions of messages stored: one
 * conversation holds a long history; the others share the rest.
 */
async function history(server: BenchServer, members: Member[], conversations: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: server.databaseUrl });
  await client.connect();
  const started = performance.now();
  try {
    // Pair 0 gets 100,000 messages; the rest spread over the other conversations. Alternating senders.
    // Positions follow each conversation's counter, as the server's writer numbers them.
    await client.query(
      `with pairs as (
         select c.k, c.id, min(p.user_id::text)::uuid as a, max(p.user_id::text)::uuid as b
           from unnest($1::uuid[]) with ordinality as c(id, k)
           join conversation_participants p on p.conversation_id = c.id
          group by c.k, c.id)
       insert into messages (seq, id, conversation_id, sender_id, content, created_at)
       select conversations.last_seq + row_number() over (partition by pairs.id order by g),
              gen_random_uuid(), pairs.id, case when g % 2 = 0 then pairs.a else pairs.b end, 'history ' || g,
              now() - make_interval(secs => $2::int - g)
         from generate_series(1, $2::int) g
         join pairs on pairs.k = case when g <= 100000 then 1 else 2 + (g % ($3::int - 1)) end
         join conversations on conversations.id = pairs.id
        order by g`,
      [`{${conversations.join(',')}}`, HISTORY_MESSAGES, conversations.length],
    );
    await client.query(
      `update conversations c set last_seq = m.seq
         from (select conversation_id, max(seq) as seq from messages group by conversation_id) m
        where m.conversation_id = c.id`,
    );
    // As autovacuum does soon after so many inserts: without it, whether the unread counts' index-only
    // scans had to visit the heap depended on whether autovacuum had come by yet (16–34 ms p50 at random).
    await client.query('vacuum (analyze) messages');
    const { rows } = await client.query<{ count: string }>('select count(*) from messages');
    console.log(
      `  one node: ${Number(rows[0]!.count).toLocaleString('en')} messages stored (bulk load ${((performance.now() - started) / 1000).toFixed(1)} s)`,
    );
    const [oldest] = (
      await client.query<{ id: string }>(
        'select id from messages where conversation_id = $1 order by seq limit 1 offset 50000',
        [conversations[0]],
      )
    ).rows;
    const reader = members[1]!;
    const get = async (path: string) => {
      const times: number[] = [];
      for (let i = 0; i < 200; i++) {
        const t = performance.now();
        const response = await fetch(`${server.url}${path}`, {
          headers: { authorization: `Bearer ${reader.token}` },
        });
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      return `p50 ${f1(percentile(times, 50))} ms, p99 ${f1(percentile(times, 99))} ms`;
    };
    const base = `/api/v1/conversations/${conversations[0]}/messages?limit=50`;
    console.log(`  one node: latest 50 of a 100,000-message conversation   ${await get(base)}`);
    console.log(
      `  one node: 50 before a message in its middle             ${await get(`${base}&before=${oldest!.id}`)}`,
    );
    console.log(
      `  one node: 50 after a message in its middle              ${await get(`${base}&after=${oldest!.id}`)}`,
    );
    console.log(
      `  one node: unread count (tens of thousands unread)       ${await get('/api/v1/messages/unread-count')}`,
    );
  } finally {
    await client.end();
  }
}

async function main() {
  if (process.argv.includes('--soak')) return soak(process.argv.slice(2));
  console.log(`Kindred chat benchmark — ${cpus().length} cores, ${SECONDS} s per measure`);
  const single = await startBenchServer({}, { inspect: true });
  try {
    const { members, conversations } = await load(single.databaseUrl, PAIRS);
    console.log(`\none node (in-process event bus), ${members.length.toLocaleString('en')} members loaded`);
    // Memory first, on a fresh process; then throughput and latency.
    const [memory] = await idleMemory([{ server: single, members: members.slice(0, 10_000) }]);
    console.log(
      `  one node: idle sockets                 ${memory!.sockets.toLocaleString('en')} sockets, ${f1(memory!.perSocketKiB)} KiB RSS per socket (server RSS ${f1(memory!.rssMiB)} MiB)`,
    );
    await measure('one node', single, single, members, conversations);
    await history(single, members, conversations);
  } finally {
    await single.stop();
  }

  const redisUrl = process.env.REDIS_URL;
  if (!redisUrl) {
    console.log('\ntwo nodes: not measured (set REDIS_URL, e.g. redis://127.0.0.1:6379)');
    return;
  }
  const first = await startBenchServer({ REDIS_URL: redisUrl }, { inspect: true });
  const second = await startBenchServer(
    { REDIS_URL: redisUrl, DATABASE_URL: first.databaseUrl },
    { inspect: true },
  );
  try {
    const { members, conversations } = await load(first.databaseUrl, PAIRS);
    console.log(`\ntwo nodes and Redis (senders on one, recipients on the other)`);
    const memory = await idleMemory([
      { server: first, members: members.slice(0, 5_000) },
      { server: second, members: members.slice(5_000, 10_000) },
    ]);
    for (const [i, m] of memory.entries())
      console.log(
        `  two nodes: node ${i + 1} idle sockets          ${m.sockets.toLocaleString('en')} sockets, ${f1(m.perSocketKiB)} KiB RSS per socket (server RSS ${f1(m.rssMiB)} MiB)`,
      );
    await measure('two nodes', first, second, members, conversations);
  } finally {
    await second.stop();
    await first.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
