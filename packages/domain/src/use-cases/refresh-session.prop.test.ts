import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { createInMemoryPorts } from '../testing/in-memory-ports.js';
import { Authenticate, LogIn, RefreshSession, RegisterUser, VerifyEmail } from './index.js';
import { DomainError } from '../errors.js';

const PASSWORD = 'correct horse battery';

/** Ada, registered and not yet verified; her verification mail is in the outbox. */
async function registered() {
  const ports = createInMemoryPorts();
  await new RegisterUser(ports).execute({
    username: 'ada',
    email: 'ada@example.org',
    password: PASSWORD,
    firstName: 'A',
    lastName: 'L',
  });
  return ports;
}

async function loggedIn() {
  const ports = await registered();
  await new VerifyEmail(ports).execute({ token: ports.mailer.last('verify-email')!.token });
  const login = await new LogIn(ports).execute({ username: 'ada', password: PASSWORD });
  return { ports, login };
}

const outcome = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => (e instanceof DomainError ? e.code : 'crash'),
  );

describe('refresh rotation', () => {
  // A chain of rotations: each token works exactly once, in order.
  test.prop([fc.integer({ min: 1, max: 8 })])(
    'each refresh token is spent by its one use',
    async (length) => {
      const { ports, login } = await loggedIn();
      const refresh = new RefreshSession(ports);
      const tokens = [login.refreshToken];
      for (let i = 0; i < length; i++)
        tokens.push((await refresh.execute({ refreshToken: tokens.at(-1)! })).refreshToken);
      for (const spent of tokens.slice(0, -1)) {
        expect(await outcome(refresh.execute({ refreshToken: spent }))).toBe('REFRESH_TOKEN_INVALID');
      }
    },
  );

  test.prop([fc.integer({ min: 0, max: 30_000 })])(
    'reuse of a spent token revokes the session exactly when it comes after the 10 s grace',
    async (delayMs) => {
      const { ports, login } = await loggedIn();
      const refresh = new RefreshSession(ports);
      const next = await refresh.execute({ refreshToken: login.refreshToken });
      ports.clock.advance(delayMs);
      expect(await outcome(refresh.execute({ refreshToken: login.refreshToken }))).toBe(
        'REFRESH_TOKEN_INVALID',
      );
      const revoked = delayMs > 10_000;
      expect(await outcome(refresh.execute({ refreshToken: next.refreshToken }))).toBe(
        revoked ? 'REFRESH_TOKEN_INVALID' : 'ok',
      );
      expect(await outcome(new Authenticate(ports).execute({ accessToken: next.accessToken }))).toBe(
        revoked ? 'UNAUTHENTICATED' : 'ok',
      );
    },
  );

  test.prop([fc.integer({ min: 2, max: 5 })])(
    'of parallel refreshes with one token, exactly one wins',
    async (n) => {
      const { ports, login } = await loggedIn();
      const refresh = new RefreshSession(ports);
      const results = await Promise.all(
        Array.from({ length: n }, () => outcome(refresh.execute({ refreshToken: login.refreshToken }))),
      );
      expect(results.filter((r) => r === 'ok')).toHaveLength(1);
      expect(results.filter((r) => r === 'REFRESH_TOKEN_INVALID')).toHaveLength(n - 1);
    },
  );
});

describe('mail tokens', () => {
  test.prop([fc.integer({ min: 2, max: 5 })])(
    'a verification link works once, however often it is followed',
    async (n) => {
      const ports = await registered();
      const token = ports.mailer.last('verify-email')!.token;
      const results = await Promise.all(
        Array.from({ length: n }, () => outcome(new VerifyEmail(ports).execute({ token }))),
      );
      expect(results.filter((r) => r === 'ok')).toHaveLength(1);
    },
  );
});
