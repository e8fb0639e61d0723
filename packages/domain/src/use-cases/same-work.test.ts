import { beforeEach, describe, expect, it } from 'vitest';
import { createInMemoryPorts } from '../testing/in-memory-ports.js';
import type { Ports } from '../ports/index.js';
import { RegisterUser, RequestPasswordReset, ResendVerification, VerifyEmail } from './index.js';

/**
 * No timing tells who is a member: for a known and an unknown address the
 * request does the same work, port call for port call (the mail itself is
 * decided later, by the worker). Counting calls, not milliseconds, keeps the
 * test exact; `bench:auth` prints the times.
 */
function recording(ports: Ports): { ports: Ports; calls: string[] } {
  const calls: string[] = [];
  const wrapped = Object.fromEntries(
    Object.entries(ports).map(([name, port]) => [
      name,
      new Proxy(port as object, {
        get(target, key, receiver) {
          const value = Reflect.get(target, key, receiver);
          if (typeof value !== 'function') return value;
          return (...args: unknown[]) => {
            calls.push(`${name}.${String(key)}`);
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        },
      }),
    ]),
  ) as unknown as Ports;
  return { ports: wrapped, calls };
}

describe('the same work for members and strangers', () => {
  let base: ReturnType<typeof createInMemoryPorts>;
  beforeEach(async () => {
    base = createInMemoryPorts();
    const ada = {
      username: 'ada',
      email: 'ada@example.org',
      password: 'correct horse battery',
      firstName: 'A',
      lastName: 'L',
    };
    await new RegisterUser(base).execute(ada);
    await new VerifyEmail(base).execute({ token: base.mailer.last('verify-email')!.token });
    // From here on the outbox only keeps requests: what a request costs is what happens before the answer.
    base.outbox.deliver = async () => {};
  });

  const callsOf = async (run: (ports: Ports) => Promise<unknown>) => {
    const { ports, calls } = recording(base);
    await run(ports);
    return calls;
  };

  it('a password reset: one request queued, whoever the address is', async () => {
    const known = await callsOf((p) => new RequestPasswordReset(p).execute({ email: 'ada@example.org' }));
    const unknown = await callsOf((p) =>
      new RequestPasswordReset(p).execute({ email: 'nobody@example.org' }),
    );
    expect(known).toEqual(unknown);
    expect(known).toEqual(['limits.take', 'outbox.enqueue']);
  });

  it('a verification resend: the same', async () => {
    const known = await callsOf((p) => new ResendVerification(p).execute({ email: 'ada@example.org' }));
    const unknown = await callsOf((p) => new ResendVerification(p).execute({ email: 'nobody@example.org' }));
    expect(known).toEqual(unknown);
  });

  it('a registration with an address in use costs what one with a new address costs', async () => {
    const newcomer = {
      username: 'grace',
      email: 'grace@example.org',
      password: 'another fine passphrase',
      firstName: 'G',
      lastName: 'H',
    };
    const fresh = await callsOf((p) => new RegisterUser(p).execute(newcomer));
    const taken = await callsOf((p) =>
      new RegisterUser(p).execute({ ...newcomer, username: 'grace2', email: 'ada@example.org' }),
    );
    expect(taken).toEqual(fresh);
    expect(fresh).toEqual([
      'blocklist.isCommon',
      'users.findByUsername',
      'hasher.hash',
      'clock.now',
      'ids.next',
      'users.add',
      'outbox.enqueue',
    ]);
  });
});
