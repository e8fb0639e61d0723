import { describe, expect, it, beforeEach } from 'vitest';
import type { OneTimeToken } from '../../ports/one-time-token-repository.js';
import { aUser } from '../user-fixtures.js';
import type { KitFactory, RepositoryKit } from './repository-kit.js';

const USER = '00000000-0000-7000-8000-000000000001';
const NOW = new Date('2026-11-22T12:00:00.000Z');

const aToken = (overrides: Partial<OneTimeToken> = {}): OneTimeToken => ({
  digest: 'digest-1',
  purpose: 'verify-email',
  userId: USER,
  email: null,
  expiresAt: new Date('2026-11-23T12:00:00.000Z'),
  usedAt: null,
  ...overrides,
});

export function oneTimeTokenRepositoryContract(name: string, makeKit: KitFactory): void {
  describe(`OneTimeTokenRepository contract: ${name}`, () => {
    let kit: RepositoryKit;
    beforeEach(async () => {
      kit = await makeKit();
      await kit.users.add(aUser({ id: USER }));
    });

    it('finds a token only under its own purpose', async () => {
      await kit.oneTimeTokens.add(aToken({ purpose: 'confirm-email', email: 'new@example.org' }));
      expect(await kit.oneTimeTokens.find('digest-1', 'confirm-email')).toEqual(
        aToken({ purpose: 'confirm-email', email: 'new@example.org' }),
      );
      expect(await kit.oneTimeTokens.find('digest-1', 'reset-password')).toBeNull();
    });

    it('keeps the session a WebSocket ticket belongs to', async () => {
      const sessionId = '00000000-0000-7000-9000-000000000001';
      await kit.oneTimeTokens.add(aToken({ purpose: 'ws-ticket', sessionId }));
      expect(await kit.oneTimeTokens.find('digest-1', 'ws-ticket')).toEqual(
        aToken({ purpose: 'ws-ticket', sessionId }),
      );
    });

    it('is consumed once', async () => {
      await kit.oneTimeTokens.add(aToken());
      expect(await kit.oneTimeTokens.consume('digest-1', 'verify-email', NOW)).toBe(true);
      expect(await kit.oneTimeTokens.consume('digest-1', 'verify-email', NOW)).toBe(false);
      expect((await kit.oneTimeTokens.find('digest-1', 'verify-email'))?.usedAt).toEqual(NOW);
    });

    it('is consumed once even when two requests race', async () => {
      await kit.oneTimeTokens.add(aToken());
      const results = await Promise.all([
        kit.oneTimeTokens.consume('digest-1', 'verify-email', NOW),
        kit.oneTimeTokens.consume('digest-1', 'verify-email', NOW),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('is not consumed once expired, nor under another purpose', async () => {
      await kit.oneTimeTokens.add(aToken({ expiresAt: NOW }));
      expect(await kit.oneTimeTokens.consume('digest-1', 'verify-email', NOW)).toBe(false);
      await kit.oneTimeTokens.add(aToken({ digest: 'digest-2' }));
      expect(await kit.oneTimeTokens.consume('digest-2', 'reset-password', NOW)).toBe(false);
    });

    it('disappears with its user', async () => {
      await kit.oneTimeTokens.add(aToken());
      await kit.users.delete(USER);
      expect(await kit.oneTimeTokens.find('digest-1', 'verify-email')).toBeNull();
    });
  });
}
