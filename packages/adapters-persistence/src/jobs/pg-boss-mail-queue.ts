import PgBoss from 'pg-boss';
import type { MailOutbox, MailRequest } from '@kindred/domain';
import { UnavailableError } from '@kindred/domain';

export interface MailQueueOptions {
  readonly databaseUrl: string;
  /** Seconds before the first retry of a failed delivery; doubled on each retry when `retryBackoff`. */
  readonly retryDelaySeconds?: number;
  readonly retryBackoff?: boolean;
  /** How often an idle worker looks for mail queued by other nodes (its own wake it at once). */
  readonly pollingIntervalSeconds?: number;
  /** Requests fetched, and delivered concurrently, at a time. */
  readonly batchSize?: number;
  readonly onError?: (error: Error) => void;
}

const QUEUE = 'mail';

/**
 * The durable mail outbox (pg-boss, in PostgreSQL): a request waits in the
 * queue until the worker has delivered it, so a mail server that is down
 * delays mail instead of losing it. The worker fetches requests in batches
 * and delivers a batch concurrently (over a pooled SMTP connection); a
 * request queued on this node wakes it at once instead of waiting for the
 * poll. A request that fails is retried on its own, with backoff; the
 * others of its batch are done. Only a crash between the mail server's
 * acceptance and the job's completion can send a mail twice.
 */
export class PgBossMailQueue implements MailOutbox {
  private readonly boss: PgBoss;
  private started = false;
  private workerId: string | null = null;
  private inFlight = 0;
  private readonly idle: (() => void)[] = [];

  constructor(private readonly options: MailQueueOptions) {
    this.boss = new PgBoss({
      connectionString: options.databaseUrl,
      schema: 'pgboss',
      max: 4,
      // Tokens may ride in the job data: keep finished jobs briefly.
      archiveCompletedAfterSeconds: 60,
      deleteAfterDays: 1,
    });
    this.boss.on('error', (error: Error) => options.onError?.(error));
  }

  /** Creates the queue's tables if needed and starts delivering each request through `deliver`. */
  async start(deliver: (request: MailRequest) => Promise<void>): Promise<void> {
    await this.boss.start();
    await this.boss.createQueue(QUEUE, {
      name: QUEUE,
      retryLimit: 100,
      retryDelay: this.options.retryDelaySeconds ?? 15,
      retryBackoff: this.options.retryBackoff ?? true,
      expireInSeconds: 120,
      retentionDays: 3,
    });
    const batchSize = this.options.batchSize ?? 25;
    this.workerId = await this.boss.work<MailRequest>(
      QUEUE,
      { pollingIntervalSeconds: this.options.pollingIntervalSeconds ?? 2, batchSize },
      async (jobs) => {
        this.inFlight += 1;
        try {
          const results = await Promise.allSettled(jobs.map((job) => deliver(job.data)));
          // Failed ones retry on their own; the rest are completed when this returns.
          let failed = 0;
          for (const [i, result] of results.entries())
            if (result.status === 'rejected') {
              failed += 1;
              await this.boss.fail(QUEUE, jobs[i]!.id, errorData(result.reason));
            }
          // Look again when the first retry is due, rather than at the next poll.
          if (failed > 0)
            setTimeout(() => this.wake(), (this.options.retryDelaySeconds ?? 15) * 1000 + 100).unref();
          // A full batch: there is likely more waiting, so look again at once.
          if (jobs.length === batchSize) this.wake();
        } finally {
          this.inFlight -= 1;
          if (this.inFlight === 0) this.idle.splice(0).forEach((resolve) => resolve());
        }
      },
    );
    this.started = true;
  }

  async enqueue(request: MailRequest): Promise<void> {
    if (!this.started) throw new UnavailableError('The mail queue is not running');
    try {
      await this.boss.send(QUEUE, request as object);
    } catch (error) {
      throw new UnavailableError(`Could not queue the mail: ${(error as Error).message}`);
    }
    this.wake();
  }

  /** Requests waiting (and how old the oldest is), for the metrics. */
  async backlog(): Promise<{ waiting: number; oldestSeconds: number }> {
    const db = this.boss.getDb();
    const { rows } = (await db.executeSql(
      `select count(*)::int as waiting,
              coalesce(extract(epoch from now() - min(created_on)), 0)::float as "oldestSeconds"
         from pgboss.job where name = $1 and state in ('created', 'retry')`,
      [QUEUE],
    )) as { rows: { waiting: number; oldestSeconds: number }[] };
    return rows[0] ?? { waiting: 0, oldestSeconds: 0 };
  }

  /** Stops fetching and waits for the batch being delivered (at most `timeoutMs`). */
  async stop(timeoutMs = 10_000): Promise<void> {
    if (!this.started) return;
    this.started = false;
    if (this.workerId) await this.boss.offWork({ id: this.workerId });
    if (this.inFlight > 0)
      await Promise.race([
        new Promise<void>((resolve) => this.idle.push(resolve)),
        new Promise((resolve) => setTimeout(resolve, timeoutMs).unref()),
      ]);
    await this.boss.stop({ graceful: true, timeout: timeoutMs, wait: true, close: true });
  }

  private wake(): void {
    if (this.workerId) this.boss.notifyWorker(this.workerId);
  }
}

/** What pg-boss keeps of a failure: the message, never the whole object. */
function errorData(error: unknown): object {
  return { message: error instanceof Error ? error.message : String(error) };
}
