import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, expectProblem, newMember, signUp, startTestServer, type TestServer } from './harness.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ label: 'account_changes' });
});
afterAll(() => t?.stop());

describe('password reset', () => {
  it('mails a single-use link; a refused password keeps it; success ends every session', async () => {
    const { member, login } = await signUp(t);
    expect(await t.api.post('/api/v1/auth/password-reset', { email: 'nobody@example.test' })).toMatchObject({
      status: 202,
    });
    expect((await t.api.post('/api/v1/auth/password-reset', { email: member.email })).status).toBe(202);
    const mail = await t.smtp.waitFor(member.email, 'Reset your password');
    expect(mail.text).toContain('https://app.kindred.test/reset-password?token=');

    const weak = await t.api.post('/api/v1/auth/password-reset/confirm', {
      token: mail.token,
      password: 'password',
    });
    expectProblem(weak, 400, 'VALIDATION_FAILED');
    expect(weak.body.errors).toEqual([expect.objectContaining({ path: '/password', code: 'WEAK_PASSWORD' })]);

    const newPassword = 'a whole new secret 42';
    expect(
      (await t.api.post('/api/v1/auth/password-reset/confirm', { token: mail.token, password: newPassword }))
        .status,
    ).toBe(204);
    expectProblem(
      await t.api.post('/api/v1/auth/password-reset/confirm', { token: mail.token, password: newPassword }),
      400,
      'TOKEN_INVALID',
    );
    expectProblem(await t.api.get('/api/v1/me', login.accessToken), 401, 'UNAUTHENTICATED');
    expectProblem(
      await t.api.post('/api/v1/auth/refresh', { refreshToken: login.refreshToken }),
      401,
      'REFRESH_TOKEN_INVALID',
    );
    expectProblem(
      await t.api.post('/api/v1/auth/login', { username: member.username, password: PASSWORD }),
      401,
      'INVALID_CREDENTIALS',
    );
    expect(
      (await t.api.post('/api/v1/auth/login', { username: member.username, password: newPassword })).status,
    ).toBe(200);
  });
});

describe('email change', () => {
  it('keeps the old address until the new one is confirmed', async () => {
    const { login } = await signUp(t);
    const newAddress = `${newMember().username}@new.example.test`;
    expectProblem(
      await t.api.put(
        '/api/v1/me/email',
        { email: newAddress, password: 'not my password' },
        login.accessToken,
      ),
      403,
      'WRONG_PASSWORD',
    );
    expectProblem(
      await t.api.put(
        '/api/v1/me/email',
        { email: 'not-an-address', password: 'not my password' },
        login.accessToken,
      ),
      400,
      'VALIDATION_FAILED',
    );

    const pending = await t.api.put(
      '/api/v1/me/email',
      { email: newAddress, password: PASSWORD },
      login.accessToken,
    );
    expect(pending.status).toBe(200);
    expect(pending.body.pendingEmail).toBe(newAddress);
    expect(pending.body.email).not.toBe(newAddress);

    const mail = await t.smtp.waitFor(newAddress, 'Confirm your new');
    expect(mail.text).toContain('https://app.kindred.test/confirm-email?token=');
    expectProblem(
      await t.api.post('/api/v1/me/email/confirm', { token: 'wrong' }, login.accessToken),
      400,
      'TOKEN_INVALID',
    );
    const confirmed = await t.api.post('/api/v1/me/email/confirm', { token: mail.token }, login.accessToken);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ email: newAddress, pendingEmail: null });
  });

  it('tells an address that is taken so, with no link', async () => {
    const { login } = await signUp(t);
    const { member: other } = await signUp(t);
    const before = t.smtp.countTo(other.email);
    const answer = await t.api.put(
      '/api/v1/me/email',
      { email: other.email, password: PASSWORD },
      login.accessToken,
    );
    expect(answer.status).toBe(200);
    const notice = await t.smtp.waitFor(other.email, 'tried to use');
    expect(notice.token).toBeNull();
    expect(t.smtp.countTo(other.email)).toBe(before + 1);
  });
});

describe('profile, username and password', () => {
  it('edits the profile and reports each bad field', async () => {
    const { login } = await signUp(t);
    const patched = await t.api.patch(
      '/api/v1/me',
      {
        birthDate: '1990-05-17',
        gender: 'female',
        sexualPreference: ['male'],
        biography: '  Hello there  ',
        interests: ['#Hiking', 'hiking', 'Board Games'],
        occupation: 'Engineer',
        socialLinks: { github: 'https://github.com/someone' },
      },
      login.accessToken,
    );
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      birthDate: '1990-05-17',
      age: expect.any(Number),
      gender: 'female',
      sexualPreference: ['male'],
      biography: 'Hello there',
      interests: ['hiking', 'board games'],
      occupation: 'Engineer',
      socialLinks: { github: 'https://github.com/someone', website: null },
    });
    const reset = await t.api.patch('/api/v1/me', { sexualPreference: null }, login.accessToken);
    expect(reset.body.sexualPreference).toEqual(['male', 'female', 'nonbinary']);

    const bad = await t.api.patch(
      '/api/v1/me',
      {
        birthDate: '2020-01-01',
        biography: 'x'.repeat(2001),
        socialLinks: { website: 'http://insecure.example' },
        interests: Array.from({ length: 21 }, (_, i) => `tag${i}`),
      },
      login.accessToken,
    );
    expectProblem(bad, 400, 'VALIDATION_FAILED');
    expect(
      Object.fromEntries(bad.body.errors.map((e: { path: string; code: string }) => [e.path, e.code])),
    ).toEqual({
      '/birthDate': 'UNDERAGE',
      '/biography': 'TOO_LONG',
      '/socialLinks/website': 'INVALID_URL',
      '/interests': 'TOO_MANY',
    });
    const typed = await t.api.patch(
      '/api/v1/me',
      { gender: 'robot', interests: 'hiking', height: 180 },
      login.accessToken,
    );
    expectProblem(typed, 400, 'VALIDATION_FAILED');
    expect(typed.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      '/gender',
      '/height',
      '/interests',
    ]);
    expect((await t.api.get('/api/v1/me', login.accessToken)).body.birthDate).toBe('1990-05-17');
  });

  it('renames, and refuses a name taken in any case', async () => {
    const { login } = await signUp(t);
    const { member: other } = await signUp(t);
    expectProblem(
      await t.api.put('/api/v1/me/username', { username: other.username.toUpperCase() }, login.accessToken),
      409,
      'USERNAME_TAKEN',
    );
    expectProblem(
      await t.api.put('/api/v1/me/username', { username: 'bad name!' }, login.accessToken),
      400,
      'VALIDATION_FAILED',
    );
    const renamed = await t.api.put(
      '/api/v1/me/username',
      { username: `${other.username}_2` },
      login.accessToken,
    );
    expect(renamed.body.username).toBe(`${other.username}_2`);
  });

  it('changes the password and ends the other sessions only', async () => {
    const { member, login } = await signUp(t);
    const other = (await t.api.post('/api/v1/auth/login', { username: member.username, password: PASSWORD }))
      .body;
    expectProblem(
      await t.api.put(
        '/api/v1/me/password',
        { currentPassword: 'wrong one!', newPassword: 'brand new secret 9' },
        login.accessToken,
      ),
      403,
      'WRONG_PASSWORD',
    );
    const weak = await t.api.put(
      '/api/v1/me/password',
      { currentPassword: 'wrong one!', newPassword: `${member.username}123` },
      login.accessToken,
    );
    expectProblem(weak, 400, 'VALIDATION_FAILED');
    expect(weak.body.errors[0]).toMatchObject({ path: '/newPassword', code: 'WEAK_PASSWORD' });
    expect(
      (
        await t.api.put(
          '/api/v1/me/password',
          { currentPassword: PASSWORD, newPassword: 'brand new secret 9' },
          login.accessToken,
        )
      ).status,
    ).toBe(204);
    expect((await t.api.get('/api/v1/me', login.accessToken)).status).toBe(200);
    expectProblem(await t.api.get('/api/v1/me', other.accessToken), 401, 'UNAUTHENTICATED');
  });
});

describe('account deletion', () => {
  it('needs the password; afterwards login answers 401 and the name is free', async () => {
    const { member, login } = await signUp(t);
    expectProblem(
      await t.api.delete('/api/v1/me', { password: 'not it at all' }, login.accessToken),
      403,
      'WRONG_PASSWORD',
    );
    expect((await t.api.delete('/api/v1/me', { password: PASSWORD }, login.accessToken)).status).toBe(204);
    expectProblem(
      await t.api.post('/api/v1/auth/login', { username: member.username, password: PASSWORD }),
      401,
      'INVALID_CREDENTIALS',
    );
    expectProblem(await t.api.get('/api/v1/me', login.accessToken), 401, 'UNAUTHENTICATED');
    expectProblem(
      await t.api.post('/api/v1/auth/refresh', { refreshToken: login.refreshToken }),
      401,
      'REFRESH_TOKEN_INVALID',
    );
    expect(
      (await t.api.get(`/api/v1/auth/username-available?username=${member.username}`)).body.available,
    ).toBe(true);
  });
});
