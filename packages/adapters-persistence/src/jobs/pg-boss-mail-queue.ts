import PgBoss from 'pg-boss';
import type { Mail, Mailer } from '@kindred/domain';
import { UnavailableError } from '@kindred/domain';

export interface MailQueueOptions {
  readonly databaseUrl: string;
  /** Seconds before the first retry of a failed delivery; doubled on each retry when `retryBackoff`. */
  readonly retryDelaySeconds?: number;
  readonly retryBackoff?: boolean;
  /** How often an idle worker looks for new mail. */
  readonly pollingIntervalSeconds?: number;
  readonly onError?: (error: Error) => void;
}

const QUEUE = 'mail';

/**
 * A `Mailer` that only enqueues: mails wait in PostgreSQL (pg-boss) until
 * the worker has handed them to the real mailer, so a mail server that is
 * down delays mail instead of losing it. Each job is delivered by one
 * worker at a time and completed once; a crash between sending and
 * completing is the only way a mail can go out twice.
 */
export class PgBossMailQueue implements Mailer {
  private readonly boss: PgBoss;
  private started = false;

  constructor(private readonly options: MailQueueOptions) {
    this.boss = new PgBoss({
      connectionString: options.databaseUrl,
      schema: 'pgboss',
      max: 4,
      // Tokens ride in the job data: keep finished jobs briefly.
      archiveCompletedAfterSeconds: 60,
      deleteAfterDays: 1,
    });
    this.boss.on('error', (error: Error) => options.onError?.(error));
  }

  /** Creates the queue's tables if needed and starts delivering through `deliver`. */
  async start(deliver: Mailer): Promise<void> {
    await this.boss.start();
    await this.boss.createQueue(QUEUE, {
      name: QUEUE,
      retryLimit: 100,
      retryDelay: this.options.retryDelaySeconds ?? 15,
      retryBackoff: this.options.retryBackoff ?? true,
      expireInSeconds: 120,
      retentionDays: 3,
    });
    await this.boss.work<Mail>(
      QUEUE,
      { pollingIntervalSeconds: this.options.pollingIntervalSeconds ?? 2, batchSize: 1 },
      async (jobs) => {
        for (const job of jobs) await deliver.send(job.data);
      },
    );
    this.started = true;
  }

  async send(mail: Mail): Promise<void> {
    if (!this.started) throw new UnavailableError('The mail queue is not running');
    try {
      await this.boss.send(QUEUE, mail as object);
    } catch (error) {
      throw new UnavailableError(`Could not queue the mail: ${(error as Error).message}`);
    }
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: true, timeout: 5_000, wait: true });
  }
}
