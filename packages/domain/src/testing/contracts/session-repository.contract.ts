import { describe, expect, it, beforeEach } from 'vitest';
import type { RefreshToken } from '../../ports/session-repository.js';
import { aUser } from '../user-fixtures.js';
import type { KitFactory, RepositoryKit } from './repository-kit.js';

const USER = '00000000-0000-7000-8000-000000000001';
const OTHER = '00000000-0000-7000-8000-000000000002';
const S1 = '00000000-0000-7000-9000-000000000001';
const S2 = '00000000-0000-7000-9000-000000000002';
const NOW = new Date('2026-11-22T12:00:00.000Z');
const LATER = new Date('2026-11-22T12:05:00.000Z');

const token = (digest: string, sessionId = S1, userId = USER): RefreshToken => ({
  digest,
  sessionId,
  userId,
  expiresAt: new Date('2026-12-22T12:00:00.000Z'),
  spentAt: null,
});

export function sessionRepositoryContract(name: string, makeKit: KitFactory): void {
  describe(`SessionRepository contract: ${name}`, () => {
    let kit: RepositoryKit;
    beforeEach(async () => {
      kit = await makeKit();
      await kit.users.add(aUser({ id: USER }));
      await kit.users.add(aUser({ id: OTHER }));
    });

    const session = (id = S1, userId = USER) => ({ id, userId, createdAt: NOW, revokedAt: null });

    it('creates a session with its first token', async () => {
      await kit.sessions.create(session(), token('d1'));
      expect(await kit.sessions.findSession(S1)).toEqual(session());
      expect(await kit.sessions.findToken('d1')).toEqual(token('d1'));
      expect(await kit.sessions.findToken('unknown')).toBeNull();
    });

    it('rotates a token once: the old one is spent, the new one live', async () => {
      await kit.sessions.create(session(), token('d1'));
      expect(await kit.sessions.rotate('d1', token('d2'), LATER)).toBe(true);
      expect((await kit.sessions.findToken('d1'))?.spentAt).toEqual(LATER);
      expect((await kit.sessions.findToken('d2'))?.spentAt).toBeNull();
      expect(await kit.sessions.rotate('d1', token('d3'), LATER)).toBe(false);
      expect(await kit.sessions.findToken('d3')).toBeNull();
    });

    it('lets only one of two racing rotations of one token win', async () => {
      await kit.sessions.create(session(), token('d1'));
      const results = await Promise.all([
        kit.sessions.rotate('d1', token('a'), LATER),
        kit.sessions.rotate('d1', token('b'), LATER),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('does not rotate tokens of a revoked session', async () => {
      await kit.sessions.create(session(), token('d1'));
      await kit.sessions.revoke(S1, LATER);
      expect((await kit.sessions.findSession(S1))?.revokedAt).toEqual(LATER);
      expect(await kit.sessions.rotate('d1', token('d2'), LATER)).toBe(false);
    });

    it('revokes all sessions of a user but the one kept, and no one else', async () => {
      const S3 = '00000000-0000-7000-9000-000000000003';
      await kit.sessions.create(session(S1), token('d1', S1));
      await kit.sessions.create(session(S2), token('d2', S2));
      await kit.sessions.create(session(S3, OTHER), token('d3', S3, OTHER));
      await kit.sessions.revokeAllOf(USER, LATER, S2);
      expect((await kit.sessions.findSession(S1))?.revokedAt).toEqual(LATER);
      expect((await kit.sessions.findSession(S2))?.revokedAt).toBeNull();
      expect((await kit.sessions.findSession(S3))?.revokedAt).toBeNull();
    });

    it('forgets the sessions of a deleted user', async () => {
      await kit.sessions.create(session(), token('d1'));
      await kit.users.delete(USER);
      expect(await kit.sessions.findSession(S1)).toBeNull();
      expect(await kit.sessions.findToken('d1')).toBeNull();
    });
  });
}
