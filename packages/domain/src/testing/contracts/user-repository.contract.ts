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
      const read = (await kit.users.findById(id(1)))!;
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
      await kit.users.update(changed, read);
      expect(await kit.users.findById(id(1))).toEqual(changed);
      await expect(kit.users.update({ ...changed, username: 'SECOND' }, changed)).rejects.toBeInstanceOf(
        ConflictError,
      );
    });

    it('writes only what changed from the copy read, so concurrent changes of other fields both hold', async () => {
      await kit.users.add(aUser({ id: id(1) }));
      const read = (await kit.users.findById(id(1)))!;
      await kit.users.update({ ...read, firstName: 'Renamed' }, read);
      await kit.users.update({ ...read, biography: 'Written meanwhile', fameRating: 42 }, read);
      const after = (await kit.users.findById(id(1)))!;
      expect(after.firstName).toBe('Renamed');
      expect(after.biography).toBe('Written meanwhile');
      expect(after.fameRating).toBe(42);
      await kit.users.update(read, read);
      expect(await kit.users.findById(id(1))).toEqual(after);
    });

    it('finds several by id, ignoring unknown and malformed ids, and records when last seen without going back', async () => {
      await kit.users.add(aUser({ id: id(1) }));
      await kit.users.add(aUser({ id: id(2) }));
      const found = await kit.users.findByIds([id(2), id(1), id(9), 'not-an-id']);
      expect(found.map((u) => u.id).sort()).toEqual([id(1), id(2)]);
      expect(await kit.users.findByIds([])).toEqual([]);
      expect(await kit.users.findById('not-an-id')).toBeNull();
      const later = new Date('2026-11-22T12:00:00.000Z');
      await kit.users.touch(id(1), later);
      await kit.users.touch(id(1), new Date('2026-11-22T11:00:00.000Z'));
      expect((await kit.users.findById(id(1)))?.lastSeenAt).toEqual(later);
      const seen = (await kit.users.findById(id(1)))!;
      await kit.users.update({ ...seen, lastSeenAt: null, firstName: 'Renamed' }, seen);
      expect((await kit.users.findById(id(1)))?.lastSeenAt).toEqual(later);
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

export function userPicturesContract(name: string, makeKit: KitFactory): void {
  describe(`UserRepository pictures contract: ${name}`, () => {
    let kit: RepositoryKit;
    const USER = id(1);
    const picture = (n: number, createdAt = `2026-11-0${n}T00:00:00.000Z`) => ({
      id: `00000000-0000-7000-a000-${n.toString().padStart(12, '0')}`,
      key: `key-${n}.jpg`,
      contentType: 'image/jpeg' as const,
      width: 640,
      height: 480,
      createdAt: new Date(createdAt),
    });
    beforeEach(async () => {
      kit = await makeKit();
      await kit.users.add(aUser({ id: USER }));
    });

    it('reads pictures with the user, oldest first, and keeps them across updates', async () => {
      expect(await kit.users.addPicture(USER, picture(2), 5)).toBe(true);
      expect(await kit.users.addPicture(USER, picture(1), 5)).toBe(true);
      const user = (await kit.users.findById(USER))!;
      expect(user.pictures).toEqual([picture(1), picture(2)]);
      await kit.users.update(
        {
          ...user,
          profilePictureId: picture(1).id,
          location: { latitude: 1.5, longitude: -2.25, source: 'gps', city: null },
        },
        user,
      );
      const updated = (await kit.users.findById(USER))!;
      expect(updated.pictures).toHaveLength(2);
      expect(updated.profilePictureId).toBe(picture(1).id);
      expect(updated.location).toEqual({ latitude: 1.5, longitude: -2.25, source: 'gps', city: null });
    });

    it('never passes the limit, even under concurrent adds', async () => {
      const results = await Promise.all(
        [1, 2, 3, 4, 5, 6, 7].map((n) => kit.users.addPicture(USER, picture(n), 5)),
      );
      expect(results.filter(Boolean)).toHaveLength(5);
      expect((await kit.users.findById(USER))!.pictures).toHaveLength(5);
    });

    it('removes only the owner’s picture, clearing it as profile picture', async () => {
      await kit.users.add(aUser({ id: id(2) }));
      await kit.users.addPicture(USER, picture(1), 5);
      const user = (await kit.users.findById(USER))!;
      await kit.users.update({ ...user, profilePictureId: picture(1).id }, user);
      expect(await kit.users.removePicture(id(2), picture(1).id)).toBeNull();
      expect(await kit.users.removePicture(USER, picture(1).id)).toEqual(picture(1));
      const after = (await kit.users.findById(USER))!;
      expect(after.pictures).toEqual([]);
      expect(after.profilePictureId).toBeNull();
      expect(await kit.users.removePicture(USER, picture(1).id)).toBeNull();
    });

    it('leaves a profile picture removed meanwhile alone when a stale copy changes other fields', async () => {
      await kit.users.addPicture(USER, picture(1), 5);
      const read = (await kit.users.findById(USER))!;
      await kit.users.update({ ...read, profilePictureId: picture(1).id }, read);
      const stale = (await kit.users.findById(USER))!;
      await kit.users.removePicture(USER, picture(1).id);
      await kit.users.update({ ...stale, biography: 'Edited' }, stale);
      const after = (await kit.users.findById(USER))!;
      expect(after.profilePictureId).toBeNull();
      expect(after.biography).toBe('Edited');
    });
  });
}
