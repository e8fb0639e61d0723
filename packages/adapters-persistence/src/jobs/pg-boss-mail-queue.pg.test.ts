import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mail, MailRequest, Mailer } from '@kindred/domain';
import { createTestDatabase } from '../../../../test-support/test-database.js';
import { PgBossMailQueue } from './pg-boss-mail-queue.js';

/** A mailer that fails while "down" (like an SMTP server that does not answer), or for chosen addresses. */
class FlakyMailer implements Mailer {
  down = true;
  attempts = 0;
  readonly refuse = new Set<string>();
  readonly delivered: Mail[] = [];

  async send(mail: Mail): Promise<void> {
    this.attempts += 1;
    if (this.down || this.refuse.has(mail.to)) throw new Error('connection refused');
    this.delivered.push(mail);
  }
}

async function until(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const mail = (to: string): Mail => ({ kind: 'verify-email', to, firstName: 'U', token: `t-${to}` });
const request = (to: string): MailRequest => ({ kind: 'mail', mail: mail(to) });
const deliverWith = (mailer: Mailer) => async (request: MailRequest) => {
  if (request.kind === 'mail') await mailer.send(request.mail);
};

describe('PgBossMailQueue on PostgreSQL', () => {
  let queue: PgBossMailQueue;
  const mailer = new FlakyMailer();

  beforeAll(async () => {
    queue = new PgBossMailQueue({
      databaseUrl: await createTestDatabase('mail_queue'),
      retryDelaySeconds: 1,
      retryBackoff: false,
      // Far longer than any test waits: only a wake-up on enqueue can make mail go out in time.
      pollingIntervalSeconds: 60,
      batchSize: 10,
    });
    await queue.start(deliverWith(mailer));
  });
  afterAll(() => queue.stop());

  it('delivers a queued mail at once, without waiting for the poll', async () => {
    mailer.down = false;
    await queue.enqueue(request('now@x.test'));
    await until(() => mailer.delivered.some((m) => m.to === 'now@x.test'), 10_000);
  });

  it('keeps mail while delivery fails and delivers each exactly once when it recovers', async () => {
    mailer.down = true;
    mailer.delivered.length = 0;
    const before = mailer.attempts;
    for (const n of [1, 2, 3]) await queue.enqueue(request(`u${n}@x.test`));
    await until(() => mailer.attempts >= before + 3);
    expect(mailer.delivered).toEqual([]);
    mailer.down = false;
    await until(() => mailer.delivered.length === 3);
    await new Promise((r) => setTimeout(r, 1500));
    expect(mailer.delivered.map((m) => m.to).sort()).toEqual(['u1@x.test', 'u2@x.test', 'u3@x.test']);
  });

  it('retries a failed request on its own; the others of its batch are done once', async () => {
    mailer.delivered.length = 0;
    mailer.refuse.add('bad@x.test');
    const many = Array.from({ length: 25 }, (_, i) => `b${i}@x.test`);
    await Promise.all([...many, 'bad@x.test'].map((to) => queue.enqueue(request(to))));
    await until(() => mailer.delivered.length >= 25);
    mailer.refuse.delete('bad@x.test');
    await until(() => mailer.delivered.some((m) => m.to === 'bad@x.test'));
    await new Promise((r) => setTimeout(r, 1500));
    const sent = mailer.delivered.map((m) => m.to);
    expect(sent.sort()).toEqual([...many, 'bad@x.test'].sort());
  });

  it('tells how many requests wait and how old the oldest is', async () => {
    expect(await queue.backlog()).toMatchObject({ waiting: 0 });
  });

  it('refuses to queue once stopped, as UNAVAILABLE', async () => {
    const stopped = new PgBossMailQueue({ databaseUrl: 'postgres://127.0.0.1:1/none' });
    await expect(
      stopped.enqueue({ kind: 'mail', mail: { kind: 'email-change-address-taken', to: 'x@x.test' } }),
    ).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});
