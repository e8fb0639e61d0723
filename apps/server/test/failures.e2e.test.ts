import { afterAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '@kindred/adapters-persistence';
import { SmtpSink } from '../../../test-support/smtp-sink.js';
import { PASSWORD, expectProblem, newMember, signUp, startTestServer, type TestServer } from './harness.js';
import { completeMember, connect } from './members.js';
import { SocketClient } from './socket-client.js';
import { freePort } from '../../../test-support/free-port.js';

const running: TestServer[] = [];
afterAll(async () => {
  for (const t of running) await t.stop();
});

async function server(options: Parameters<typeof startTestServer>[0]) {
  const t = await startTestServer(options);
  running.push(t);
  return t;
}

describe('a mail server that is down', () => {
  it('delays mail without losing it: registration answers 202, the mail goes out once it is back', async () => {
    const smtp = await new SmtpSink().start();
    const t = await server({ label: 'smtp_down', smtp });
    await smtp.stop();
    const member = newMember('smtpdown');
    expect((await t.api.post('/api/v1/auth/register', member)).status).toBe(202);
    await new Promise((r) => setTimeout(r, 2500));
    expect(smtp.countTo(member.email)).toBe(0);
    await smtp.start();
    const mail = await smtp.waitFor(member.email, 'Confirm your email', 30_000);
    expect((await t.api.post('/api/v1/auth/verify-email', { token: mail.token })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 2000));
    expect(smtp.countTo(member.email)).toBe(1);
    await smtp.stop();
  });
});

describe('a mail server that goes away in the middle of a burst', () => {
  it('delivers every mail of the burst once it is back: none lost, none doubled', async () => {
    const smtp = await new SmtpSink().start();
    const t = await server({ label: 'smtp_burst', smtp });
    const members = Array.from({ length: 30 }, () => newMember('burst'));
    const answers = members.map((m, i) =>
      new Promise((r) => setTimeout(r, i * 30)).then(() => t.api.post('/api/v1/auth/register', m)),
    );
    await new Promise((r) => setTimeout(r, 300));
    await smtp.stop();
    expect((await Promise.all(answers)).every((a) => a.status === 202)).toBe(true);
    await new Promise((r) => setTimeout(r, 1500));
    await smtp.start();
    for (const m of members) await smtp.waitFor(m.email, 'Confirm your email', 30_000);
    await new Promise((r) => setTimeout(r, 2500));
    expect(members.map((m) => smtp.countTo(m.email))).toEqual(members.map(() => 1));
    await smtp.stop();
  });
});

describe('a database that goes down', () => {
  let db: EmbeddedDatabase | null = null;
  afterAll(async () => {
    await db?.stop();
  });

  it('answers 503 UNAVAILABLE with Retry-After while it is down and recovers without a restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'kindred-db-down-'));
    const port = await freePort();
    db = await startEmbeddedDatabase({ dataDir, port });
    const t = await server({ label: 'db_down', databaseUrl: db.url });
    const { login } = await signUp(t);

    await db.stop();
    db = null;
    const down = await t.api.get('/api/v1/me', login.accessToken);
    expectProblem(down, 503, 'UNAVAILABLE');
    expect(down.headers.get('retry-after')).toBe('5');
    expect((await t.api.get('/ready')).status).toBe(503);
    expect((await t.api.get('/health')).status).toBe(200);
    expectProblem(
      await t.api.post('/api/v1/auth/login', { username: 'someone', password: PASSWORD }),
      503,
      'UNAVAILABLE',
    );

    db = await startEmbeddedDatabase({ dataDir, port });
    await expect
      .poll(async () => (await t.api.get('/api/v1/me', login.accessToken)).status, {
        timeout: 20_000,
        interval: 250,
      })
      .toBe(200);
    expect((await t.api.get('/ready')).status).toBe(200);
    await t.stop();
    running.splice(running.indexOf(t), 1);
    await db.stop();
    db = null;
    await rm(dataDir, { recursive: true, force: true });
  });
});

describe('rate limits (on, on the shared PostgreSQL store)', () => {
  it('blocks an account after 5 failed logins, even with the right password, with Retry-After', async () => {
    const t = await server({
      label: 'rate_limits',
      env: { RATE_LIMITS: 'on', RATE_LIMIT_REGISTRATIONS_PER_IP: '100/3600' },
    });
    const { member } = await signUp(t);
    for (let i = 0; i < 5; i++) {
      expectProblem(
        await t.api.post('/api/v1/auth/login', { username: member.username, password: 'wrong password!' }),
        401,
        'INVALID_CREDENTIALS',
      );
    }
    const blocked = await t.api.post('/api/v1/auth/login', { username: member.username, password: PASSWORD });
    expectProblem(blocked, 429, 'RATE_LIMITED');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(800);
    // The limit is per account: another member still logs in.
    const other = await signUp(t);
    expect(other.login.accessToken).toEqual(expect.any(String));
  });

  it('limits reset and verification mails to 3 per address per hour', async () => {
    const t = await server({ label: 'mail_limits', env: { RATE_LIMITS: 'on' } });
    for (let i = 0; i < 3; i++)
      expect((await t.api.post('/api/v1/auth/password-reset', { email: 'target@example.test' })).status).toBe(
        202,
      );
    expectProblem(
      await t.api.post('/api/v1/auth/password-reset', { email: 'TARGET@example.test' }),
      429,
      'RATE_LIMITED',
    );
    expect((await t.api.post('/api/v1/auth/password-reset', { email: 'other@example.test' })).status).toBe(
      202,
    );
  });

  it('limits location changes to 10 per user per hour', async () => {
    const t = await server({ label: 'location_limits', env: { RATE_LIMITS: 'on' } });
    const { login } = await signUp(t);
    for (let i = 0; i < 10; i++) {
      expect(
        (await t.api.put('/api/v1/me/location', { latitude: i, longitude: i }, login.accessToken)).status,
      ).toBe(200);
    }
    expectProblem(
      await t.api.put('/api/v1/me/location', { latitude: 1, longitude: 1 }, login.accessToken),
      429,
      'RATE_LIMITED',
    );
  });

  it('limits messages to 30 per user per 10 s, over HTTP and WebSocket together', async () => {
    const t = await server({ label: 'message_limits', env: { RATE_LIMITS: 'on' } });
    const [ann, bob] = [await completeMember(t), await completeMember(t)];
    await connect(t, ann, bob);
    const socket = await SocketClient.open(t.api.baseUrl, { token: ann.token });
    try {
      for (let i = 0; i < 20; i++)
        expect(
          (await t.api.post(`/api/v1/users/${bob.username}/messages`, { content: `h${i}` }, ann.token))
            .status,
        ).toBe(201);
      const { id: conversationId } = (
        await t.api.get(`/api/v1/users/${bob.username}/conversation`, ann.token)
      ).body;
      for (let i = 0; i < 10; i++) {
        socket.send({ type: 'message.send', conversationId, content: `w${i}`, clientMessageId: `w${i}` });
        await socket.next('message.new', (d) => d.clientMessageId === `w${i}`);
      }
      const refused = await t.api.post(
        `/api/v1/users/${bob.username}/messages`,
        { content: 'one more' },
        ann.token,
      );
      expectProblem(refused, 429, 'RATE_LIMITED');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      socket.send({
        type: 'message.send',
        conversationId,
        content: 'and over the socket',
        clientMessageId: 'w-over',
      });
      expect((await socket.next('error')).data).toMatchObject({
        code: 'RATE_LIMITED',
        clientMessageId: 'w-over',
      });
      // Bob's own budget is his.
      expect(
        (await t.api.post(`/api/v1/users/${ann.username}/messages`, { content: 'hi' }, bob.token)).status,
      ).toBe(201);
    } finally {
      await socket.close();
    }
  });

  it('limits registrations per IP, with a configurable limit', async () => {
    const t = await server({
      label: 'register_limits',
      env: { RATE_LIMITS: 'on', RATE_LIMIT_REGISTRATIONS_PER_IP: '2/3600' },
    });
    expect((await t.api.post('/api/v1/auth/register', newMember())).status).toBe(202);
    expect((await t.api.post('/api/v1/auth/register', newMember())).status).toBe(202);
    const third = await t.api.post('/api/v1/auth/register', newMember());
    expectProblem(third, 429, 'RATE_LIMITED');
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(3000);
  });
});
