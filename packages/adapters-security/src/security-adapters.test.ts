import { describe, expect, it } from 'vitest';
import { FakeClock } from '@kindred/domain/testing';
import { Argon2PasswordHasher } from './argon2-password-hasher.js';
import { CommonPasswordBlocklist } from './common-password-blocklist.js';
import { JoseAccessTokens } from './jose-access-tokens.js';
import { NodeSecretTokens } from './node-secret-tokens.js';
import { UuidV7Ids } from './uuid-v7-ids.js';

describe('Argon2PasswordHasher', () => {
  const hasher = new Argon2PasswordHasher();
  it('hashes with argon2id at the OWASP parameters and verifies', async () => {
    const hash = await hasher.hash('correct horse battery');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await hasher.verify(hash, 'correct horse battery')).toBe(true);
    expect(await hasher.verify(hash, 'Correct horse battery')).toBe(false);
    expect(await hasher.verify('not a hash', 'x')).toBe(false);
  });
});

describe('CommonPasswordBlocklist', () => {
  const blocklist = new CommonPasswordBlocklist();
  it('holds more than 10,000 entries and knows the usual suspects in any case', () => {
    expect(blocklist.size).toBeGreaterThan(10_000);
    for (const weak of [
      'password',
      'Password1',
      '12345678',
      'qwertyuiop',
      'iloveyou',
      'baseball',
      'SUNSHINE',
    ]) {
      expect(blocklist.isCommon(weak), weak).toBe(true);
    }
    expect(blocklist.isCommon('Tr0ub4dor&3-horse-staple')).toBe(false);
  });
});

describe('JoseAccessTokens', () => {
  const secret = 'x'.repeat(40);
  it('round-trips claims and refuses tampered, foreign and expired tokens', async () => {
    const tokens = new JoseAccessTokens(secret);
    const token = await tokens.issue({ userId: 'u1', sessionId: 's1' });
    expect(await tokens.verify(token)).toEqual({ userId: 'u1', sessionId: 's1' });
    expect(await tokens.verify(`${token.slice(0, -2)}xx`)).toBeNull();
    expect(await new JoseAccessTokens('y'.repeat(40)).verify(token)).toBeNull();
    expect(await tokens.verify('garbage')).toBeNull();
    const expired = await new JoseAccessTokens(secret, -1).issue({ userId: 'u1', sessionId: 's1' });
    expect(await tokens.verify(expired)).toBeNull();
  });

  it('answers a remembered token until it expires, and never for a token it did not sign', async () => {
    const clock = new FakeClock('2026-12-01T12:00:00.000Z'); // on a whole second: JWT times are seconds
    const tokens = new JoseAccessTokens(secret, 1, clock);
    const token = await tokens.issue({ userId: 'u2', sessionId: 's2' });
    expect(await tokens.verify(token)).toEqual({ userId: 'u2', sessionId: 's2' });
    expect(await tokens.verify(token)).toEqual({ userId: 'u2', sessionId: 's2' });
    const forged = `${token.split('.').slice(0, 2).join('.')}.${'A'.repeat(43)}`;
    expect(await tokens.verify(forged)).toBeNull();
    clock.advance(999);
    expect(await tokens.verify(token)).toEqual({ userId: 'u2', sessionId: 's2' });
    clock.advance(1001);
    expect(await tokens.verify(token)).toBeNull();
    // Not remembered either: a fresh verifier refuses it too.
    expect(await new JoseAccessTokens(secret, 1, clock).verify(token)).toBeNull();
  });

  it('refuses a short secret', () => {
    expect(() => new JoseAccessTokens('short')).toThrow();
  });
});

describe('NodeSecretTokens and UuidV7Ids', () => {
  it('makes distinct secrets with stable digests that do not reveal them', () => {
    const secrets = new NodeSecretTokens();
    const a = secrets.generate();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(secrets.generate()).not.toBe(a);
    expect(secrets.digest(a)).toBe(secrets.digest(a));
    expect(secrets.digest(a)).not.toContain(a);
  });

  it('makes ordered version-7 ids', () => {
    const ids = new UuidV7Ids();
    const list = Array.from({ length: 50 }, () => ids.next());
    expect(
      list.every((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id)),
    ).toBe(true);
    expect([...list].sort()).toEqual(list);
  });
});
