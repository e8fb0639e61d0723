import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { startBenchServer, type BenchServer } from './bench-server.js';

/**
 * `npm run bench:mail`: mail at production speed, against an SMTP server in
 * this process. Prints the latency from a registration to its mail being
 * accepted by the SMTP server at a steady 10 registrations/s, the rate and
 * drain time of a backlog of 1,000 mails, and what happens when the SMTP
 * server goes away in the middle of a burst (every mail once: none lost,
 * none doubled).
 */
const STEADY = Number(process.env.BENCH_MAIL_STEADY ?? 200);
const BACKLOG = Number(process.env.BENCH_MAIL_BACKLOG ?? 1000);
const PASSWORD = 'benchmark horse battery';

/** An SMTP server that notes when it accepted a mail for each address. */
class Sink {
  readonly accepted = new Map<string, number[]>();
  private server: SMTPServer | null = null;
  port = 0;

  async start(): Promise<void> {
    this.server = new SMTPServer({
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      closeTimeout: 50,
      onData: (stream, session, callback) => {
        stream.on('data', () => {});
        stream.on('end', () => {
          const now = performance.now();
          for (const to of session.envelope.rcptTo) {
            const times = this.accepted.get(to.address) ?? [];
            times.push(now);
            this.accepted.set(to.address, times);
          }
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  count(prefix: string): number {
    return [...this.accepted.entries()]
      .filter(([to]) => to.startsWith(prefix))
      .reduce((n, [, t]) => n + t.length, 0);
  }
}

const post = (server: BenchServer, path: string, body: unknown) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) return false;
    await sleep(20);
  }
  return true;
}

async function main() {
  const sink = new Sink();
  await sink.start();
  const server = await startBenchServer({
    SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
    MAIL_RETRY_DELAY_SECONDS: '2',
  });
  try {
    console.log(`Kindred mail benchmark — one node, SMTP in the benchmark's process`);

    // 1. Steady: 10 registrations a second, each timed until its mail is accepted.
    const sentAt = new Map<string, number>();
    const steady: Promise<void>[] = [];
    const start = performance.now();
    for (let i = 0; i < STEADY; i++) {
      const at = start + i * 100;
      await sleep(Math.max(0, at - performance.now()));
      const email = `steady${i}@bench.test`;
      sentAt.set(email, performance.now());
      steady.push(
        post(server, '/api/v1/auth/register', {
          username: `steady_${i}`,
          email,
          password: PASSWORD,
          firstName: 'S',
          lastName: 'B',
        }).then(async (r) => void (r.status === 202 || console.error(`register answered ${r.status}`))),
      );
    }
    await Promise.all(steady);
    await until(() => sink.count('steady') >= STEADY, 30_000);
    const latencies = [...sentAt].flatMap(([email, t0]) => {
      const t1 = sink.accepted.get(email)?.[0];
      return t1 === undefined ? [] : [t1 - t0];
    });
    console.log(
      `  steady 10 registrations/s    ${latencies.length}/${STEADY} mails; registration → accepted by SMTP p50 ${(percentile(latencies, 50) / 1000).toFixed(2)} s, p95 ${(percentile(latencies, 95) / 1000).toFixed(2)} s   goal p95 ≤ 2 s`,
    );

    // 2. A backlog: 1,000 reset requests as fast as the API takes them, then the drain.
    const addresses = [...sentAt.keys()];
    const burstStart = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        while (next < BACKLOG) {
          const n = next++;
          await post(server, '/api/v1/auth/password-reset', { email: addresses[n % addresses.length] });
        }
      }),
    );
    const queued = performance.now();
    const resets = () =>
      [...sink.accepted.values()].reduce((n, times) => n + times.filter((t) => t >= burstStart).length, 0);
    const backlogAtQueued = BACKLOG - resets();
    await until(() => resets() >= BACKLOG, 120_000);
    const drained = performance.now();
    console.log(
      `  backlog of ${BACKLOG}             queued in ${((queued - burstStart) / 1000).toFixed(1)} s (${backlogAtQueued} still waiting then); all delivered ${((drained - burstStart) / 1000).toFixed(1)} s after the first: ${(BACKLOG / ((drained - burstStart) / 1000)).toFixed(0)} mails/s; drained ${((drained - queued) / 1000).toFixed(1)} s after the last was queued   goals ≥ 20 mails/s, ≤ 60 s`,
    );

    // 3. The SMTP server goes away mid-burst and comes back: every mail once.
    const outageStart = performance.now();
    const victims = Array.from({ length: 100 }, (_, i) => `outage${i}@bench.test`);
    const burst = victims.map((email, i) =>
      sleep(i * 20).then(() =>
        post(server, '/api/v1/auth/register', {
          username: `outage_${i}`,
          email,
          password: PASSWORD,
          firstName: 'O',
          lastName: 'B',
        }),
      ),
    );
    await sleep(500);
    await sink.stop();
    await Promise.all(burst);
    const during = sink.count('outage');
    await sleep(3000);
    await sink.start();
    await until(() => sink.count('outage') >= victims.length, 60_000);
    await sleep(3000);
    const counts = victims.map((v) => sink.accepted.get(v)?.length ?? 0);
    console.log(
      `  SMTP away mid-burst          ${victims.length} registrations, ${during} mails before it went, ${counts.filter((c) => c === 0).length} lost, ${counts.filter((c) => c > 1).length} doubled, all in ${((performance.now() - outageStart) / 1000).toFixed(1)} s (retry delay 2 s)`,
    );
  } finally {
    await server.stop();
    await sink.stop().catch(() => {});
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
