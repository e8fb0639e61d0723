import { describe, expect, it, beforeEach } from 'vitest';
import { ConflictError, EmailTakenError } from '../../errors.js';
import { aUser } from '../user-fixtures.js';
import type { KitFactory, RepositoryKit } from './repository-kit.js';

const id = (n: number) => `00000000-0000-7000-8000-${n.toString().padStart(12, '0')}`;

export function userRepositoryContract(name: string, makeKit: KitFactory): void {
  describe(`UserRepository contract: ${name}`, () => {
    let kit: RepositoryKit;
    beforeEach(async () => {
      kit = await makeKit();
    });

    it('stores and finds a user by id, by username without regard to case, and by email', async () => {
      const user = aUser({
        id: id(1),
        username: 'Ada.L',
        email: 'ada@example.org',
        interests: ['chess', 'go'],
      });
      await kit.users.add(user);
      expect(await kit.users.findById(id(1))).toEqual(user);
      expect((await kit.users.findByUsername('ada.l'))?.id).toBe(id(1));
      expect((await kit.users.findByUsername('ADA.L'))?.id).toBe(id(1));
      expect((await kit.users.findByEmail('ada@example.org'))?.id).toBe(id(1));
      expect(await kit.users.findByUsername('nobody')).toBeNull();
      expect(await kit.users.findById(id(99))).toBeNull();
    });

    it('refuses a username that differs only by case', async () => {
      await kit.users.add(aUser({ id: id(1), username: 'Ada' }));
      await expect(kit.users.add(aUser({ id: id(2), username: 'aDA' }))).rejects.toBeInstanceOf(
        ConflictError,
      );
    });

    it('refuses an email address already registered', async () => {
      await kit.users.add(aUser({ id: id(1), email: 'same@example.org' }));
      await expect(kit.users.add(aUser({ id: id(2), email: 'same@example.org' }))).rejects.toBeInstanceOf(
        EmailTakenError,
      );
    });

    it('lets exactly one of two racing registrations of one username win', async () => {
      const results = await Promise.allSettled([
        kit.users.add(aUser({ id: id(1), username: 'racer' })),
        kit.users.add(aUser({ id: id(2), username: 'RACER' })),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const failure = results.find((r) => r.status === 'rejected');
      expect(failure?.reason).toBeInstanceOf(ConflictError);
    });

    it('updates every field and keeps uniqueness on update', async () => {
      await kit.users.add(aUser({ id: id(1), username: 'first' }));
      await kit.users.add(aUser({ id: id(2), username: 'second' }));
      const changed = aUser({
        id: id(1),
        username: 'renamed',
        pendingEmail: 'new@example.org',
        birthDate: '1990-02-03',
        gender: 'female',
        sexualPreference: ['female', 'male'],
        biography: 'Hi',
        interests: ['tea'],
        occupation: 'Engineer',
        socialLinks: { ...aUser({ id: id(1) }).socialLinks, github: 'https://github.com/ada' },
        updatedAt: new Date('2026-11-02T00:00:00.000Z'),
      });
      await kit.users.update(changed);
      expect(await kit.users.findById(id(1))).toEqual(changed);
      await expect(kit.users.update({ ...changed, username: 'SECOND' })).rejects.toBeInstanceOf(
        ConflictError,
      );
    });

    it('deletes a user', async () => {
      await kit.users.add(aUser({ id: id(1) }));
      await kit.users.delete(id(1));
      expect(await kit.users.findById(id(1))).toBeNull();
    });

    it('purges only unverified accounts made before the cutoff', async () => {
      const old = new Date('2026-11-01T00:00:00.000Z');
      const recent = new Date('2026-11-05T00:00:00.000Z');
      await kit.users.add(aUser({ id: id(1), emailVerified: false, createdAt: old }));
      await kit.users.add(aUser({ id: id(2), emailVerified: true, createdAt: old }));
      await kit.users.add(aUser({ id: id(3), emailVerified: false, createdAt: recent }));
      expect(await kit.users.deleteUnverifiedCreatedBefore(new Date('2026-11-03T00:00:00.000Z'))).toBe(1);
      expect(await kit.users.findById(id(1))).toBeNull();
      expect(await kit.users.findById(id(2))).not.toBeNull();
      expect(await kit.users.findById(id(3))).not.toBeNull();
    });
  });
}
