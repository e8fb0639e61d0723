import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Mail } from '@kindred/domain';
import { SmtpSink } from '../../../test-support/smtp-sink.js';
import { createSmtpMailer } from './nodemailer-mailer.js';
import { createOutboxMailer } from './outbox-mailer.js';

const options = { from: 'Kindred <no-reply@kindred.test>', appUrl: 'https://app.kindred.test/' };

describe('SMTP mailer, over a real SMTP exchange', () => {
  const sink = new SmtpSink();
  beforeAll(() => sink.start());
  afterAll(() => sink.stop());

  const cases: [Mail, string, string | null][] = [
    [
      { kind: 'verify-email', to: 'a@x.test', firstName: 'Ann', token: 'tok-1' },
      'https://app.kindred.test/verify-email?token=tok-1',
      'Confirm your email',
    ],
    [
      { kind: 'password-reset', to: 'b@x.test', firstName: 'Bob', token: 'tok-2' },
      'https://app.kindred.test/reset-password?token=tok-2',
      'Reset your password',
    ],
    [
      { kind: 'confirm-email-change', to: 'c@x.test', firstName: 'Cy', token: 'tok-3' },
      'https://app.kindred.test/confirm-email?token=tok-3',
      'Confirm your new',
    ],
    [
      { kind: 'already-registered', to: 'd@x.test', firstName: 'Di', verifyToken: 'tok-4' },
      'https://app.kindred.test/verify-email?token=tok-4',
      'already have',
    ],
  ];

  it.each(cases)('sends %o as text and HTML with its link', async (mail, link, subject) => {
    await createSmtpMailer(sink.url, options).send(mail);
    const received = await sink.waitFor(mail.to, subject!);
    expect(received.text).toContain(link);
    expect(received.html).toContain(link.replace('&', '&amp;'));
    expect(received.raw.from?.text).toContain('no-reply@kindred.test');
  });

  it('sends a link-less mail for an address that is taken', async () => {
    await createSmtpMailer(sink.url, options).send({ kind: 'email-change-address-taken', to: 'e@x.test' });
    const received = await sink.waitFor('e@x.test', 'tried to use');
    expect(received.token).toBeNull();
  });

  it('escapes names in HTML', async () => {
    await createSmtpMailer(sink.url, options).send({
      kind: 'verify-email',
      to: 'f@x.test',
      firstName: '<b>Eve</b>',
      token: 't',
    });
    const received = await sink.waitFor('f@x.test');
    expect(received.html).toContain('&lt;b&gt;Eve&lt;/b&gt;');
    expect(received.html).not.toContain('<b>Eve</b>');
  });

  it('reports a mail server that does not answer as UNAVAILABLE', async () => {
    const down = new SmtpSink();
    await down.start();
    await down.stop();
    await expect(createSmtpMailer(down.url, options).send(cases[0]![0])).rejects.toMatchObject({
      code: 'UNAVAILABLE',
    });
  });
});

describe('development outbox', () => {
  it('writes each mail as an .eml file and logs its link', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kindred-outbox-'));
    const logged: { link: string | null; file: string }[] = [];
    await createOutboxMailer({ ...options, dir, log: (entry) => logged.push(entry) }).send({
      kind: 'password-reset',
      to: 'g@x.test',
      firstName: 'Gus',
      token: 'tok-9',
    });
    const files = await readdir(dir);
    expect(files).toHaveLength(1);
    const eml = await readFile(join(dir, files[0]!), 'utf8');
    expect(eml).toMatch(/^Subject: Reset your password$/m);
    expect(eml).toContain('To: g@x.test');
    expect(logged).toEqual([
      {
        to: 'g@x.test',
        subject: 'Reset your password',
        link: 'https://app.kindred.test/reset-password?token=tok-9',
        file: join(dir, files[0]!),
      },
    ]);
  });
});
