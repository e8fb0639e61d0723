import { beforeEach, describe, expect, it } from 'vitest';
import { createInMemoryPorts, type InMemoryPorts } from '../testing/in-memory-ports.js';
import {
  Authenticate,
  ChangeEmail,
  ChangePassword,
  ChangeUsername,
  CheckUsernameAvailability,
  ConfirmEmailChange,
  DeleteAccount,
  LogIn,
  LogOut,
  PurgeUnverifiedAccounts,
  RefreshSession,
  RegisterUser,
  RequestPasswordReset,
  ResetPassword,
  UpdateProfile,
  VerifyEmail,
} from './index.js';
import type { ValidationError } from '../errors.js';
import { DomainError } from '../errors.js';

const PASSWORD = 'correct horse battery';
const ada = {
  username: 'ada',
  email: 'Ada@Example.org',
  password: PASSWORD,
  firstName: 'Ada',
  lastName: 'Lovelace',
};

async function rejectsWith(promise: Promise<unknown>, code: string) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  return error as DomainError;
}

describe('accounts', () => {
  let ports: InMemoryPorts;
  beforeEach(() => {
    ports = createInMemoryPorts();
  });

  async function registerAndVerify(input = ada) {
    await new RegisterUser(ports).execute(input);
    const mail = ports.mailer.last('verify-email');
    if (!mail) throw new Error('no verification mail');
    return new VerifyEmail(ports).execute({ token: mail.token });
  }

  it('registers an unverified account with a normalised address and mails a link', async () => {
    await new RegisterUser(ports).execute(ada);
    const user = await ports.users.findByUsername('ADA');
    expect(user).toMatchObject({ email: 'ada@example.org', emailVerified: false });
    expect(ports.mailer.last('verify-email', 'ada@example.org')).toBeDefined();
  });

  it('reports every failing field of a registration at once', async () => {
    const error = (await rejectsWith(
      new RegisterUser(ports).execute({
        username: 'a',
        email: 'nope',
        password: 'short',
        firstName: '',
        lastName: 'x',
      }),
      'VALIDATION_FAILED',
    )) as ValidationError;
    expect(error.errors.map((e) => e.path).sort()).toEqual([
      '/email',
      '/firstName',
      '/password',
      '/username',
    ]);
    expect(error.errors.find((e) => e.path === '/password')?.code).toBe('WEAK_PASSWORD');
  });

  it('does not reveal a registered address: no account, a mail to the owner', async () => {
    await new RegisterUser(ports).execute(ada);
    await new RegisterUser(ports).execute({ ...ada, username: 'someone_else' });
    expect(await ports.users.findByUsername('someone_else')).toBeNull();
    const mail = ports.mailer.last('already-registered', 'ada@example.org');
    expect(mail?.verifyToken).toEqual(expect.any(String));
  });

  it('refuses a username taken in another case', async () => {
    await new RegisterUser(ports).execute(ada);
    await rejectsWith(
      new RegisterUser(ports).execute({ ...ada, username: 'ADA', email: 'other@example.org' }),
      'USERNAME_TAKEN',
    );
    expect(await new CheckUsernameAvailability(ports).execute({ username: 'Ada' })).toBe(false);
    expect(await new CheckUsernameAvailability(ports).execute({ username: 'grace' })).toBe(true);
  });

  it('verifies once; the link expires after 24 h', async () => {
    await new RegisterUser(ports).execute(ada);
    const token = ports.mailer.last('verify-email')!.token;
    expect((await new VerifyEmail(ports).execute({ token })).emailVerified).toBe(true);
    await rejectsWith(new VerifyEmail(ports).execute({ token }), 'TOKEN_INVALID');

    await new RegisterUser(ports).execute({ ...ada, username: 'late', email: 'late@example.org' });
    ports.clock.advance(24 * 3600_000);
    await rejectsWith(
      new VerifyEmail(ports).execute({ token: ports.mailer.last('verify-email')!.token }),
      'TOKEN_INVALID',
    );
  });

  it('answers an unknown user and a wrong password alike, both after one hash verification', async () => {
    await registerAndVerify();
    const before = ports.hasher.verifications;
    await rejectsWith(
      new LogIn(ports).execute({ username: 'nobody', password: PASSWORD }),
      'INVALID_CREDENTIALS',
    );
    await rejectsWith(
      new LogIn(ports).execute({ username: 'ada', password: 'wrong password!' }),
      'INVALID_CREDENTIALS',
    );
    expect(ports.hasher.verifications - before).toBe(2);
  });

  it('refuses an unverified account only after a correct password', async () => {
    await new RegisterUser(ports).execute(ada);
    await rejectsWith(
      new LogIn(ports).execute({ username: 'ada', password: 'wrong password!' }),
      'INVALID_CREDENTIALS',
    );
    await rejectsWith(
      new LogIn(ports).execute({ username: 'ada', password: PASSWORD }),
      'EMAIL_NOT_VERIFIED',
    );
  });

  it('logs in by username or address, refreshes, and logs out', async () => {
    await registerAndVerify();
    const login = await new LogIn(ports).execute({ username: 'ADA@example.org', password: PASSWORD });
    expect(await new Authenticate(ports).execute({ accessToken: login.accessToken })).toEqual({
      userId: login.user.id,
      sessionId: login.sessionId,
    });
    const refreshed = await new RefreshSession(ports).execute({ refreshToken: login.refreshToken });
    expect(refreshed.refreshToken).not.toBe(login.refreshToken);
    await new LogOut(ports).execute({ sessionId: login.sessionId });
    await rejectsWith(
      new Authenticate(ports).execute({ accessToken: refreshed.accessToken }),
      'UNAUTHENTICATED',
    );
    await rejectsWith(
      new RefreshSession(ports).execute({ refreshToken: refreshed.refreshToken }),
      'REFRESH_TOKEN_INVALID',
    );
  });

  it('resets a password once; a weak one leaves the link usable; every session ends', async () => {
    await registerAndVerify();
    const login = await new LogIn(ports).execute({ username: 'ada', password: PASSWORD });
    await new RequestPasswordReset(ports).execute({ email: 'ADA@example.org' });
    await new RequestPasswordReset(ports).execute({ email: 'nobody@example.org' });
    expect(ports.mailer.sent.filter((m) => m.kind === 'password-reset')).toHaveLength(1);
    const token = ports.mailer.last('password-reset')!.token;
    await rejectsWith(new ResetPassword(ports).execute({ token, password: 'password' }), 'VALIDATION_FAILED');
    await new ResetPassword(ports).execute({ token, password: 'a brand new secret' });
    await rejectsWith(
      new ResetPassword(ports).execute({ token, password: 'another new secret' }),
      'TOKEN_INVALID',
    );
    await rejectsWith(new Authenticate(ports).execute({ accessToken: login.accessToken }), 'UNAUTHENTICATED');
    await new LogIn(ports).execute({ username: 'ada', password: 'a brand new secret' });
  });

  it('a reset link lasts one hour', async () => {
    await registerAndVerify();
    await new RequestPasswordReset(ports).execute({ email: 'ada@example.org' });
    ports.clock.advance(3600_000);
    await rejectsWith(
      new ResetPassword(ports).execute({
        token: ports.mailer.last('password-reset')!.token,
        password: 'a brand new secret',
      }),
      'TOKEN_INVALID',
    );
  });

  it('changes the address only once the new one is confirmed', async () => {
    const user = await registerAndVerify();
    await rejectsWith(
      new ChangeEmail(ports).execute({
        userId: user.id,
        email: 'new@example.org',
        password: 'wrong password!',
      }),
      'WRONG_PASSWORD',
    );
    const pending = await new ChangeEmail(ports).execute({
      userId: user.id,
      email: 'New@example.org',
      password: PASSWORD,
    });
    expect(pending).toMatchObject({ email: 'ada@example.org', pendingEmail: 'new@example.org' });
    const token = ports.mailer.last('confirm-email-change', 'new@example.org')!.token;
    const confirmed = await new ConfirmEmailChange(ports).execute({ userId: user.id, token });
    expect(confirmed).toMatchObject({ email: 'new@example.org', pendingEmail: null });
    await rejectsWith(new ConfirmEmailChange(ports).execute({ userId: user.id, token }), 'TOKEN_INVALID');
  });

  it('tells a taken address so, without a link', async () => {
    const user = await registerAndVerify();
    await registerAndVerify({ ...ada, username: 'grace', email: 'grace@example.org' });
    await new ChangeEmail(ports).execute({ userId: user.id, email: 'grace@example.org', password: PASSWORD });
    expect(ports.mailer.last('email-change-address-taken', 'grace@example.org')).toBeDefined();
    expect(ports.mailer.last('confirm-email-change')).toBeUndefined();
  });

  it('changes the password and ends the other sessions only', async () => {
    await registerAndVerify();
    const here = await new LogIn(ports).execute({ username: 'ada', password: PASSWORD });
    const there = await new LogIn(ports).execute({ username: 'ada', password: PASSWORD });
    const input = { userId: here.user.id, sessionId: here.sessionId, currentPassword: PASSWORD };
    await rejectsWith(
      new ChangePassword(ports).execute({ ...input, newPassword: 'ada is me 1234' }),
      'VALIDATION_FAILED',
    );
    await rejectsWith(
      new ChangePassword(ports).execute({
        ...input,
        currentPassword: 'nope nope',
        newPassword: 'quite new secret',
      }),
      'WRONG_PASSWORD',
    );
    await new ChangePassword(ports).execute({ ...input, newPassword: 'quite new secret' });
    await new Authenticate(ports).execute({ accessToken: here.accessToken });
    await rejectsWith(new Authenticate(ports).execute({ accessToken: there.accessToken }), 'UNAUTHENTICATED');
  });

  it('renames, also in another case of one own name', async () => {
    const user = await registerAndVerify();
    await registerAndVerify({ ...ada, username: 'grace', email: 'grace@example.org' });
    expect((await new ChangeUsername(ports).execute({ userId: user.id, username: 'ADA' })).username).toBe(
      'ADA',
    );
    await rejectsWith(
      new ChangeUsername(ports).execute({ userId: user.id, username: 'Grace' }),
      'USERNAME_TAKEN',
    );
  });

  it('updates the profile with normalised interests and refuses the underage', async () => {
    const user = await registerAndVerify();
    const updated = await new UpdateProfile(ports).execute({
      userId: user.id,
      patch: {
        interests: ['#Chess', 'chess', ' Board  Games '],
        gender: 'female',
        sexualPreference: ['male', 'female'],
      },
    });
    expect(updated.interests).toEqual(['chess', 'board games']);
    expect(updated.sexualPreference).toEqual(['female', 'male']);
    const error = (await rejectsWith(
      new UpdateProfile(ports).execute({ userId: user.id, patch: { birthDate: '2015-01-01' } }),
      'VALIDATION_FAILED',
    )) as ValidationError;
    expect(error.errors[0]?.code).toBe('UNDERAGE');
  });

  it('deletes an account with its password; its sessions go with it', async () => {
    await registerAndVerify();
    const login = await new LogIn(ports).execute({ username: 'ada', password: PASSWORD });
    await rejectsWith(
      new DeleteAccount(ports).execute({ userId: login.user.id, password: 'nope nope' }),
      'WRONG_PASSWORD',
    );
    await new DeleteAccount(ports).execute({ userId: login.user.id, password: PASSWORD });
    await rejectsWith(
      new LogIn(ports).execute({ username: 'ada', password: PASSWORD }),
      'INVALID_CREDENTIALS',
    );
    await rejectsWith(new Authenticate(ports).execute({ accessToken: login.accessToken }), 'UNAUTHENTICATED');
  });

  it('purges accounts left unverified for 72 h', async () => {
    await new RegisterUser(ports).execute(ada);
    ports.clock.advance(71 * 3600_000);
    expect(await new PurgeUnverifiedAccounts(ports).execute()).toBe(0);
    ports.clock.advance(3600_000 + 1);
    expect(await new PurgeUnverifiedAccounts(ports).execute()).toBe(1);
    expect(await new CheckUsernameAvailability(ports).execute({ username: 'ada' })).toBe(true);
  });
});
