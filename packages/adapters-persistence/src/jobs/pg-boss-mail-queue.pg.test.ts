import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mail, Mailer } from '@kindred/domain';
import { createTestDatabase } from '../../../../test-support/test-database.js';
import { PgBossMailQueue } from './pg-boss-mail-queue.js';

/** A mailer that fails while "down", like an SMTP server that does not answer. */
class FlakyMailer implements Mailer {
  down = true;
  attempts = 0;
  readonly delivered: Mail[] = [];

  async send(mail: Mail): Promise<void> {
    this.attempts += 1;
    if (this.down) throw new Error('connection refused');
    this.delivered.push(mail);
  }
}

async function until(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('PgBossMailQueue on PostgreSQL', () => {
  let queue: PgBossMailQueue;
  const mailer = new FlakyMailer();

  beforeAll(async () => {
    queue = new PgBossMailQueue({
      databaseUrl: await createTestDatabase('mail_queue'),
      retryDelaySeconds: 1,
      retryBackoff: false,
      pollingIntervalSeconds: 0.5,
    });
    await queue.start(mailer);
  });
  afterAll(() => queue.stop());

  it('keeps mail while delivery fails and delivers each exactly once when it recovers', async () => {
    const mails: Mail[] = [1, 2, 3].map((n) => ({
      kind: 'verify-email',
      to: `u${n}@x.test`,
      firstName: 'U',
      token: `t${n}`,
    }));
    for (const mail of mails) await queue.send(mail);
    await until(() => mailer.attempts >= 3);
    expect(mailer.delivered).toEqual([]);
    mailer.down = false;
    await until(() => mailer.delivered.length === 3);
    await new Promise((r) => setTimeout(r, 1500));
    expect(mailer.delivered.map((m) => m.to).sort()).toEqual(['u1@x.test', 'u2@x.test', 'u3@x.test']);
  });

  it('refuses to queue once stopped, as UNAVAILABLE', async () => {
    const stopped = new PgBossMailQueue({ databaseUrl: 'postgres://127.0.0.1:1/none' });
    await expect(stopped.send({ kind: 'email-change-address-taken', to: 'x@x.test' })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
    });
  });
});
