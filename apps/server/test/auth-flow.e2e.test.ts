import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PASSWORD,
  expectProblem,
  newMember,
  signUp,
  startTestServer,
  type Answer,
  type TestServer,
} from './harness.js';
import { ShiftedClock } from '../../../test-support/shifted-clock.js';

let t: TestServer;
const clock = new ShiftedClock();
beforeAll(async () => {
  t = await startTestServer({ label: 'auth_flow', clock });
});
afterAll(() => t?.stop());

describe('accounts end to end, over HTTP and SMTP', () => {
  describe('register → mail → verify → log in → GET /me → refresh → logout → old tokens answer 401', () => {
    const member = newMember('flow');
    let mail: Awaited<ReturnType<TestServer['smtp']['waitFor']>>;
    let login: Answer, refreshed: Answer, byCookie: Answer;

    it('registers; an unverified account cannot log in', async () => {
      const registered = await t.api.post('/api/v1/auth/register', {
        ...member,
        email: member.email.toUpperCase(),
      });
      expect(registered).toMatchObject({ status: 202, body: { status: 'verification-sent' } });

      const unverified = await t.api.post('/api/v1/auth/login', {
        username: member.username,
        password: PASSWORD,
      });
      expectProblem(unverified, 403, 'EMAIL_NOT_VERIFIED');
    });

    it('mails a link that verifies the address, once', async () => {
      mail = await t.smtp.waitFor(member.email, 'Confirm your email');
      expect(mail.text).toContain('https://app.kindred.test/verify-email?token=');
      expect(mail.html).toContain('https://app.kindred.test/verify-email?token=');
      const verified = await t.api.post('/api/v1/auth/verify-email', { token: mail.token });
      expect(verified.status).toBe(200);
      expect(verified.body.user).toMatchObject({
        username: member.username,
        email: member.email,
        emailVerified: true,
      });
      expectProblem(
        await t.api.post('/api/v1/auth/verify-email', { token: mail.token }),
        400,
        'TOKEN_INVALID',
      );
    });

    it('logs in by username in any case, with a refresh cookie', async () => {
      login = await t.api.post('/api/v1/auth/login', {
        username: member.username.toUpperCase(),
        password: PASSWORD,
      });
      expect(login.status).toBe(200);
      expect(login.body).toMatchObject({
        tokenType: 'Bearer',
        expiresIn: 900,
        user: { username: member.username },
      });
      const cookie = login.headers.get('set-cookie') ?? '';
      expect(cookie).toMatch(
        /^kindred_refresh=[^;]+; Max-Age=2592000; Path=\/api\/v1\/auth; HttpOnly; Secure; SameSite=Strict/,
      );
      expect(login.headers.get('cache-control')).toBe('no-store');
    });

    it('answers GET /me with the whole Me document', async () => {
      const me = await t.api.get('/api/v1/me', login.body.accessToken);
      expect(me.status).toBe(200);
      expect(me.body).toEqual({
        id: login.body.user.id,
        username: member.username,
        email: member.email,
        pendingEmail: null,
        emailVerified: true,
        firstName: 'Test',
        lastName: 'Member',
        birthDate: null,
        age: null,
        gender: null,
        sexualPreference: ['male', 'female', 'nonbinary'],
        biography: null,
        interests: [],
        occupation: null,
        socialLinks: {
          website: null,
          linkedin: null,
          github: null,
          instagram: null,
          twitter: null,
          facebook: null,
          youtube: null,
        },
        pictures: [],
        profilePictureId: null,
        location: null,
        fameRating: 0,
        profileComplete: false,
        role: 'member',
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      });
    });

    it('refreshes by body or cookie; a spent token fails without ending the session', async () => {
      refreshed = await t.api.post('/api/v1/auth/refresh', { refreshToken: login.body.refreshToken });
      expect(refreshed.status).toBe(200);
      expect(refreshed.body.refreshToken).not.toBe(login.body.refreshToken);
      // The spent token, again within 10 s: it fails, but the session lives on (parallel tabs).
      expectProblem(
        await t.api.post('/api/v1/auth/refresh', { refreshToken: login.body.refreshToken }),
        401,
        'REFRESH_TOKEN_INVALID',
      );
      expect((await t.api.get('/api/v1/me', refreshed.body.accessToken)).status).toBe(200);

      // The cookie works as well as the body.
      byCookie = await t.api.request('POST', '/api/v1/auth/refresh', {
        headers: { cookie: `kindred_refresh=${refreshed.body.refreshToken}` },
      });
      expect(byCookie.status).toBe(200);
    });

    it('logs out: every token of the session answers 401', async () => {
      const logout = await t.api.post('/api/v1/auth/logout', undefined, byCookie.body.accessToken);
      expect(logout.status).toBe(204);
      expect(logout.headers.get('set-cookie')).toMatch(/^kindred_refresh=; Max-Age=0/);
      for (const token of [login.body.accessToken, refreshed.body.accessToken, byCookie.body.accessToken]) {
        expectProblem(await t.api.get('/api/v1/me', token), 401, 'UNAUTHENTICATED');
      }
      expectProblem(
        await t.api.post('/api/v1/auth/refresh', { refreshToken: byCookie.body.refreshToken }),
        401,
        'REFRESH_TOKEN_INVALID',
      );
      expectProblem(
        await t.api.post('/api/v1/auth/logout', undefined, byCookie.body.accessToken),
        401,
        'UNAUTHENTICATED',
      );
    });
  });

  it('logs out by refresh token too', async () => {
    const { login } = await signUp(t);
    expect((await t.api.post('/api/v1/auth/logout', { refreshToken: login.refreshToken })).status).toBe(204);
    expectProblem(await t.api.get('/api/v1/me', login.accessToken), 401, 'UNAUTHENTICATED');
    expectProblem(
      await t.api.post('/api/v1/auth/logout', { refreshToken: 'nonsense' }),
      401,
      'UNAUTHENTICATED',
    );
    expectProblem(await t.api.post('/api/v1/auth/logout'), 401, 'UNAUTHENTICATED');
  });

  it('does not reveal a registered address: same answer, no account, a mail to the owner', async () => {
    const { member } = await signUp(t);
    const again = await t.api.post('/api/v1/auth/register', { ...newMember(), email: member.email });
    expect(again).toMatchObject({ status: 202, body: { status: 'verification-sent' } });
    const notice = await t.smtp.waitFor(member.email, 'already have');
    expect(notice.token).toBeNull();
  });

  it('answers an unknown user and a wrong password alike', async () => {
    const { member } = await signUp(t);
    const unknown = await t.api.post('/api/v1/auth/login', { username: 'nobody_at_all', password: PASSWORD });
    const wrong = await t.api.post('/api/v1/auth/login', {
      username: member.username,
      password: 'wrong password here',
    });
    expectProblem(unknown, 401, 'INVALID_CREDENTIALS');
    expectProblem(wrong, 401, 'INVALID_CREDENTIALS');
    expect(unknown.body).toEqual(wrong.body);
  });

  it('checks username availability without regard to case', async () => {
    const { member } = await signUp(t);
    expect(
      (await t.api.get(`/api/v1/auth/username-available?username=${member.username.toUpperCase()}`)).body,
    ).toEqual({ available: false });
    expect((await t.api.get('/api/v1/auth/username-available?username=free_name_42')).body).toEqual({
      available: true,
    });
    const bad = await t.api.get('/api/v1/auth/username-available?username=no');
    expectProblem(bad, 400, 'VALIDATION_FAILED');
    expect(bad.body.errors).toEqual([expect.objectContaining({ path: '?username' })]);
    expectProblem(await t.api.get('/api/v1/auth/username-available'), 400, 'VALIDATION_FAILED');
  });

  it('lets one of two racing registrations of a username win and answers the other 409', async () => {
    const a = newMember('race');
    const b = { ...newMember('race'), username: a.username.toUpperCase() };
    const answers = await Promise.all([
      t.api.post('/api/v1/auth/register', a),
      t.api.post('/api/v1/auth/register', b),
    ]);
    expect(answers.map((r) => r.status).sort()).toEqual([202, 409]);
    expect(answers.find((r) => r.status === 409)?.body.code).toBe('USERNAME_TAKEN');
  });

  it('makes one account of two racing registrations of one address', async () => {
    const a = newMember('same');
    const b = { ...newMember('same'), email: a.email };
    const answers = await Promise.all([
      t.api.post('/api/v1/auth/register', a),
      t.api.post('/api/v1/auth/register', b),
    ]);
    expect(answers.map((r) => r.status)).toEqual([202, 202]);
    const available = await Promise.all(
      [a, b].map((m) => t.api.get(`/api/v1/auth/username-available?username=${m.username}`)),
    );
    expect(available.filter((r) => r.body.available === false)).toHaveLength(1);
  });

  it('resends a verification link for an unverified account, silently otherwise', async () => {
    const member = newMember('resend');
    await t.api.post('/api/v1/auth/register', member);
    await t.smtp.waitFor(member.email, 'Confirm your email');
    const before = t.smtp.countTo(member.email);
    expect((await t.api.post('/api/v1/auth/verify-email/resend', { username: member.username })).status).toBe(
      202,
    );
    expect(
      (await t.api.post('/api/v1/auth/verify-email/resend', { email: 'nobody@example.test' })).status,
    ).toBe(202);
    await expect.poll(() => t.smtp.countTo(member.email), { timeout: 10_000 }).toBe(before + 1);
    const latest = await t.smtp.waitFor(member.email, 'Confirm your email');
    expect((await t.api.post('/api/v1/auth/verify-email', { token: latest.token })).status).toBe(200);
  });
});

describe('refresh token reuse after the grace period', () => {
  it('revokes the whole session when a spent token comes back more than 10 s later', async () => {
    const { login } = await signUp(t);
    const rotated = await t.api.post('/api/v1/auth/refresh', { refreshToken: login.refreshToken });
    expect(rotated.status).toBe(200);
    clock.advance(10_500);
    expectProblem(
      await t.api.post('/api/v1/auth/refresh', { refreshToken: login.refreshToken }),
      401,
      'REFRESH_TOKEN_INVALID',
    );
    // The thief's replay took the legitimate holder's session down with it.
    expectProblem(await t.api.get('/api/v1/me', rotated.body.accessToken), 401, 'UNAUTHENTICATED');
    expectProblem(
      await t.api.post('/api/v1/auth/refresh', { refreshToken: rotated.body.refreshToken }),
      401,
      'REFRESH_TOKEN_INVALID',
    );
  });
});
