import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, newMember, signUp, startTestServer, type Answer, type TestServer } from './harness.js';
import { completeMember, connect } from './members.js';
import { SocketClient } from './socket-client.js';

// Limits that hold however many requests arrive at once (issue 10): every attempt takes its point
// before the work it guards, in one atomic statement on the shared PostgreSQL store.
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ label: 'brute_force', env: { RATE_LIMITS: 'on', TRUST_PROXY: 'true' } });
});
afterAll(() => t?.stop());

const statuses = (answers: readonly Answer[]) =>
  answers.reduce<Record<number, number>>((n, a) => ({ ...n, [a.status]: (n[a.status] ?? 0) + 1 }), {});
const login = (username: string, password: string, ip: string) =>
  t.api.request('POST', '/api/v1/auth/login', {
    body: { username, password },
    headers: { 'x-forwarded-for': ip },
  });

describe('password guessing in parallel', () => {
  it('runs at most 5 verifications per account, the right password included, the rest 429 with Retry-After', async () => {
    const { member } = await signUp(t);
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        login(member.username, i === 24 ? PASSWORD : `wrong guess ${i}`, `10.1.0.${i}`),
      ),
    );
    const counts = statuses(answers);
    expect((counts[401] ?? 0) + (counts[200] ?? 0)).toBeLessThanOrEqual(5);
    expect(counts[429]).toBeGreaterThanOrEqual(35);
    for (const a of answers.filter((a) => a.status === 429))
      expect(Number(a.headers.get('retry-after'))).toBeGreaterThan(0);
    if (!counts[200]) expect((await login(member.username, PASSWORD, '10.1.1.1')).status).toBe(429);
  });

  it('counts an account once, whether it is named by username or by email', async () => {
    const { member } = await signUp(t);
    for (let i = 0; i < 3; i++)
      expect((await login(member.username, `nope ${i}`, '10.2.0.1')).status).toBe(401);
    for (let i = 0; i < 2; i++) expect((await login(member.email, `nope ${i}`, '10.2.0.2')).status).toBe(401);
    expect((await login(member.email.toUpperCase(), PASSWORD, '10.2.0.3')).status).toBe(429);
    expect((await login(member.username, PASSWORD, '10.2.0.4')).status).toBe(429);
  });

  it('runs at most 50 verifications per address, across accounts', async () => {
    const answers = await Promise.all(
      Array.from({ length: 150 }, (_, i) => login(`nobody_${i}_x`, 'wrong wrong wrong', '10.3.0.1')),
    );
    const counts = statuses(answers);
    expect(counts[401]).toBeLessThanOrEqual(50);
    expect(counts[429]).toBeGreaterThanOrEqual(100);
  });

  it('a successful login clears its account’s count', async () => {
    const { member } = await signUp(t);
    for (let i = 0; i < 4; i++) await login(member.username, `nope ${i}`, '10.4.0.1');
    expect((await login(member.username, PASSWORD, '10.4.0.1')).status).toBe(200);
    for (let i = 0; i < 4; i++)
      expect((await login(member.username, `again ${i}`, '10.4.0.1')).status).toBe(401);
  });
});

describe('every other limit, in parallel', () => {
  it('registrations: at most 10 per address per hour', async () => {
    const answers = await Promise.all(
      Array.from({ length: 30 }, () =>
        t.api.request('POST', '/api/v1/auth/register', {
          body: newMember('burst'),
          headers: { 'x-forwarded-for': '10.5.0.1' },
        }),
      ),
    );
    const counts = statuses(answers);
    expect(counts[202]).toBeLessThanOrEqual(10);
    expect(counts[429]).toBeGreaterThanOrEqual(20);
  });

  it('reset mails: at most 3 per address per hour', async () => {
    const { member } = await signUp(t);
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => t.api.post('/api/v1/auth/password-reset', { email: member.email })),
    );
    expect(statuses(answers)[202]).toBeLessThanOrEqual(3);
    const resends = await Promise.all(
      Array.from({ length: 12 }, () =>
        t.api.post('/api/v1/auth/verify-email/resend', { email: 'someone@example.test' }),
      ),
    );
    expect(statuses(resends)[202]).toBeLessThanOrEqual(3);
  });

  it('location changes: at most 10 per member per hour', async () => {
    const { login: session } = await signUp(t);
    const answers = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        t.api.put('/api/v1/me/location', { latitude: 10 + i / 100, longitude: 20 }, session.accessToken),
      ),
    );
    const counts = statuses(answers);
    expect(counts[200]).toBeLessThanOrEqual(10);
    expect(counts[429]).toBeGreaterThanOrEqual(15);
  });

  it('messages: at most 30 per member per 10 s over HTTP and WebSocket together, one count each', async () => {
    const a = await completeMember(t);
    const b = await completeMember(t, 48.86, 2.35);
    await connect(t, a, b);
    const first = await t.api.post(`/api/v1/users/${b.username}/messages`, { content: 'first' }, a.token);
    const conversation = first.body.conversationId as string;
    const socket = await SocketClient.open(t.server.url, { token: a.token });
    try {
      const http = Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          t.api.post(`/api/v1/conversations/${conversation}/messages`, { content: `http ${i}` }, a.token),
        ),
      );
      for (let i = 0; i < 15; i++)
        socket.send({
          type: 'message.send',
          conversationId: conversation,
          content: `ws ${i}`,
          clientMessageId: `ws-${i}`,
        });
      const answers = await http;
      await expect
        .poll(() => socket.all('message.new').length + socket.all('error').length, { timeout: 5_000 })
        .toBeGreaterThanOrEqual(15);
      const stored = (await t.api.get(`/api/v1/conversations/${conversation}/messages?limit=100`, a.token))
        .body.items.length;
      expect(stored).toBeLessThanOrEqual(30);
      expect(stored).toBe(
        1 +
          statuses(answers)[201]! +
          socket.all('message.new').filter((f) => f.data.sender.id === a.id && /^ws/.test(f.data.content))
            .length,
      );
      expect(socket.all('error').every((f) => f.data.code === 'RATE_LIMITED')).toBe(true);
    } finally {
      await socket.close();
    }
  });
});
