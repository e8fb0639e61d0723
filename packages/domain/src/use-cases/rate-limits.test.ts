import { beforeEach, describe, expect, it } from 'vitest';
import { createInMemoryPorts } from '../testing/in-memory-ports.js';
import { InMemoryRateLimiter } from '../testing/in-memory-rate-limiter.js';
import { DomainError, RateLimitedError } from '../errors.js';
import {
  LogIn,
  RegisterUser,
  RequestPasswordReset,
  ResendVerification,
  SetLocation,
  VerifyEmail,
} from './index.js';

const PASSWORD = 'correct horse battery';
const ada = {
  username: 'ada',
  email: 'ada@example.org',
  password: PASSWORD,
  firstName: 'Ada',
  lastName: 'L',
};

async function codeOf(promise: Promise<unknown>): Promise<string | null> {
  return promise.then(
    () => null,
    (e: unknown) => (e instanceof DomainError ? e.code : String(e)),
  );
}

// The policy of the contract's limits, with the in-memory counter: which use case takes which point, and when.
describe('rate limits in the use cases', () => {
  let ports: Omit<ReturnType<typeof createInMemoryPorts>, 'limits'> & { limits: InMemoryRateLimiter };
  beforeEach(async () => {
    const base = createInMemoryPorts();
    ports = { ...base, limits: new InMemoryRateLimiter(base.clock) };
    await new RegisterUser(ports).execute(ada);
    await new VerifyEmail(ports).execute({ token: ports.mailer.last('verify-email')!.token });
  });

  it('takes a login point before the password is checked: the 6th attempt is refused, the right password too', async () => {
    const logIn = new LogIn(ports);
    for (let i = 0; i < 5; i++)
      expect(await codeOf(logIn.execute({ username: 'ada', password: 'wrong', ip: '1.1.1.1' }))).toBe(
        'INVALID_CREDENTIALS',
      );
    const refused = await logIn
      .execute({ username: 'ada', password: PASSWORD, ip: '2.2.2.2' })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RateLimitedError);
    expect((refused as RateLimitedError).retryAfterSeconds).toBeGreaterThan(0);
    ports.clock.advance(15 * 60 * 1000);
    expect(await codeOf(logIn.execute({ username: 'ada', password: PASSWORD, ip: '2.2.2.2' }))).toBeNull();
  });

  it('counts an account once whatever names it, and a success clears the count', async () => {
    const logIn = new LogIn(ports);
    for (const name of ['ada', 'ADA', 'ada@example.org', 'Ada@Example.org'])
      expect(await codeOf(logIn.execute({ username: name, password: 'wrong' }))).toBe('INVALID_CREDENTIALS');
    expect(await codeOf(logIn.execute({ username: 'ada', password: PASSWORD }))).toBeNull();
    for (let i = 0; i < 5; i++)
      expect(await codeOf(logIn.execute({ username: 'ada@example.org', password: 'wrong' }))).toBe(
        'INVALID_CREDENTIALS',
      );
    expect(await codeOf(logIn.execute({ username: 'ada', password: 'wrong' }))).toBe('RATE_LIMITED');
  });

  it('limits attempts per address across accounts, and gives back the point of a right password', async () => {
    const logIn = new LogIn(ports);
    for (let i = 0; i < 49; i++)
      await codeOf(logIn.execute({ username: `nobody${i}`, password: 'x', ip: '9.9.9.9' }));
    expect(await codeOf(logIn.execute({ username: 'ada', password: PASSWORD, ip: '9.9.9.9' }))).toBeNull();
    expect(await codeOf(logIn.execute({ username: 'nobody-else', password: 'x', ip: '9.9.9.9' }))).toBe(
      'INVALID_CREDENTIALS',
    );
    expect(await codeOf(logIn.execute({ username: 'another', password: 'x', ip: '9.9.9.9' }))).toBe(
      'RATE_LIMITED',
    );
  });

  it('limits registrations per address, mails per address, location changes per member', async () => {
    const register = new RegisterUser(ports);
    for (let i = 0; i < 10; i++)
      await register.execute({ ...ada, username: `ada${i}`, email: `a${i}@example.org`, ip: '3.3.3.3' });
    expect(
      await codeOf(register.execute({ ...ada, username: 'ada10', email: 'a10@example.org', ip: '3.3.3.3' })),
    ).toBe('RATE_LIMITED');
    const reset = new RequestPasswordReset(ports);
    for (let i = 0; i < 3; i++) await reset.execute({ email: 'ADA@example.org' });
    expect(await codeOf(reset.execute({ email: 'ada@example.org' }))).toBe('RATE_LIMITED');
    const resend = new ResendVerification(ports);
    for (let i = 0; i < 3; i++) await resend.execute({ username: 'ada' });
    expect(await codeOf(resend.execute({ username: 'ADA' }))).toBe('RATE_LIMITED');
    const user = (await ports.users.findByUsername('ada'))!;
    const move = new SetLocation(ports);
    for (let i = 0; i < 10; i++)
      await move.execute({ userId: user.id, latitude: i, longitude: 0, source: 'manual' });
    expect(
      await codeOf(move.execute({ userId: user.id, latitude: 11, longitude: 0, source: 'manual' })),
    ).toBe('RATE_LIMITED');
  });
});
