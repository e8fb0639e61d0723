import { beforeEach, describe, expect, it } from 'vitest';
import type { DiscoveryRepository } from '../../ports/discovery-repository.js';
import type { UserRepository } from '../../ports/user-repository.js';
import type { User } from '../../users/user.js';
import { discoveryCriteria } from '../../use-cases/discover.js';
import { aUser } from '../user-fixtures.js';

export interface DiscoveryKit {
  readonly users: UserRepository;
  readonly discovery: DiscoveryRepository;
}

const u = (n: number) => `00000000-0000-7000-8000-${n.toString().padStart(12, '0')}`;
const browse = (n: number) => `00000000-0000-7000-b000-${n.toString().padStart(12, '0')}`;
const TODAY = new Date('2026-11-22T12:00:00.000Z');

/** A discoverable member `n` km or so north of Paris (members farther for larger `n`), with id `u(n)`. */
export async function addDiscoverableMember(users: UserRepository, n: number): Promise<User> {
  const picture = {
    id: `00000000-0000-7000-a000-${n.toString().padStart(12, '0')}`,
    key: `key-${n}.jpg`,
    contentType: 'image/jpeg' as const,
    width: 640,
    height: 480,
    createdAt: TODAY,
  };
  const user = aUser({
    id: u(n),
    gender: 'female',
    sexualPreference: null,
    birthDate: '1990-01-01',
    biography: 'hi',
    interests: ['tea'],
    location: { latitude: 48.86 + n / 100, longitude: 2.35, source: 'manual', city: null },
    fameRating: 5,
  });
  await users.add(user);
  await users.addPicture(user.id, picture, 5);
  const complete = { ...user, pictures: [picture], profilePictureId: picture.id };
  await users.update(complete, user);
  return complete;
}

/** Browses: leaving out whom earlier pages showed, remembering pages, ranking given members. */
export function discoveryRepositoryContract(name: string, makeKit: () => Promise<DiscoveryKit>): void {
  describe(`DiscoveryRepository contract: ${name}`, () => {
    let kit: DiscoveryKit;
    let viewer: User;
    const criteria = () => discoveryCriteria('search', viewer, {}, TODAY);
    const ids = (ranked: readonly { userId: string }[]) => ranked.map((r) => r.userId);
    const record = (n: number, page: number) => ({ position: { browseId: browse(n), page }, at: TODAY });

    beforeEach(async () => {
      kit = await makeKit();
      viewer = await addDiscoverableMember(kit.users, 1);
      for (let n = 2; n <= 6; n++) await addDiscoverableMember(kit.users, n);
    });

    it('leaves out whom earlier pages of the browse showed, and only those', async () => {
      const first = await kit.discovery.find(criteria(), 2, null, record(1, 0));
      expect(ids(first.items)).toEqual([u(2), u(3)]);
      expect(first.more).toBe(true);

      const second = await kit.discovery.find(criteria(), 2, { browseId: browse(1), page: 1 }, record(1, 1));
      expect(ids(second.items)).toEqual([u(4), u(5)]);
      // Asked again, page 1 leaves out page 0 only; another browse leaves out nobody.
      expect(ids((await kit.discovery.find(criteria(), 2, { browseId: browse(1), page: 1 })).items)).toEqual([
        u(4),
        u(5),
      ]);
      expect(ids((await kit.discovery.find(criteria(), 2, { browseId: browse(2), page: 1 })).items)).toEqual([
        u(2),
        u(3),
      ]);
      const third = await kit.discovery.find(criteria(), 2, { browseId: browse(1), page: 2 });
      expect(ids(third.items)).toEqual([u(6)]);
      expect(third.more).toBe(false);
    });

    it('records the page it finds when others remain, and only then', async () => {
      // Without a record, nothing is remembered.
      expect((await kit.discovery.find(criteria(), 2, null)).more).toBe(true);
      expect(await kit.discovery.shownOn({ browseId: browse(1), page: 0 }, viewer.id)).toBeNull();

      await kit.discovery.find(criteria(), 2, null, record(1, 0));
      expect(await kit.discovery.shownOn({ browseId: browse(1), page: 0 }, viewer.id)).toEqual([u(2), u(3)]);
      await kit.discovery.find(criteria(), 2, { browseId: browse(1), page: 1 }, record(1, 1));
      expect(await kit.discovery.shownOn({ browseId: browse(1), page: 1 }, viewer.id)).toEqual([u(4), u(5)]);
      // The last page: nobody after it, nothing to remember.
      const last = await kit.discovery.find(criteria(), 2, { browseId: browse(1), page: 2 }, record(1, 2));
      expect([ids(last.items), last.more]).toEqual([[u(6)], false]);
      expect(await kit.discovery.shownOn({ browseId: browse(1), page: 2 }, viewer.id)).toEqual([]);
      // A single page starts no browse.
      expect((await kit.discovery.find(criteria(), 10, null, record(2, 0))).more).toBe(false);
      expect(await kit.discovery.shownOn({ browseId: browse(2), page: 0 }, viewer.id)).toBeNull();
      // The first page recorded starts the browse, whichever it is; it is the viewer's alone.
      await kit.discovery.find(criteria(), 2, null, record(3, 2));
      expect(await kit.discovery.shownOn({ browseId: browse(3), page: 2 }, viewer.id)).toEqual([u(2), u(3)]);
      expect(await kit.discovery.shownOn({ browseId: browse(3), page: 0 }, viewer.id)).toEqual([]);
      expect(await kit.discovery.shownOn({ browseId: browse(3), page: 2 }, u(2))).toBeNull();
    });

    it('keeps a member on the page and in the place of their first record, for the viewer only, until forgotten', async () => {
      await kit.discovery.find(criteria(), 2, null, record(1, 0));
      await kit.discovery.find(criteria(), 2, { browseId: browse(1), page: 1 }, record(1, 1));
      // Page 1 again (a retry) after u(6) moved nearest: u(6) joins page 1, u(4) stays where it was, and
      // no later page shows any of them again.
      const far = (await kit.users.findById(u(6)))!;
      await kit.users.update({ ...far, location: { ...far.location!, latitude: 48.865 } }, far);
      const again = await kit.discovery.find(criteria(), 2, { browseId: browse(1), page: 1 }, record(1, 1));
      expect(ids(again.items)).toEqual([u(6), u(4)]);
      expect(await kit.discovery.shownOn({ browseId: browse(1), page: 0 }, viewer.id)).toEqual([u(2), u(3)]);
      expect((await kit.discovery.shownOn({ browseId: browse(1), page: 1 }, viewer.id))?.sort()).toEqual([
        u(4),
        u(5),
        u(6),
      ]);
      expect((await kit.discovery.find(criteria(), 2, { browseId: browse(1), page: 2 })).items).toEqual([]);
      expect(await kit.discovery.shownOn({ browseId: browse(1), page: 1 }, u(2))).toBeNull();

      // Another member cannot write into this browse.
      const other = discoveryCriteria('search', (await kit.users.findById(u(2)))!, {}, TODAY);
      expect((await kit.discovery.find(other, 1, null, record(1, 3))).more).toBe(true);
      expect(await kit.discovery.shownOn({ browseId: browse(1), page: 3 }, viewer.id)).toEqual([]);
      expect(await kit.discovery.shownOn({ browseId: browse(9), page: 1 }, viewer.id)).toBeNull();
      expect(await kit.discovery.shownOn({ browseId: 'not-a-uuid', page: 1 }, viewer.id)).toBeNull();
      // Far pages: nothing recorded there, everything recorded before them.
      expect(await kit.discovery.shownOn({ browseId: browse(1), page: 2 ** 40 }, viewer.id)).toEqual([]);
      const farPage = await kit.discovery.find(criteria(), 10, { browseId: browse(1), page: 2 ** 40 });
      expect(farPage.items).toEqual([]);
      expect(await kit.discovery.forgetBrowsesBefore(TODAY)).toBe(0);
      expect(await kit.discovery.forgetBrowsesBefore(new Date(TODAY.getTime() + 1))).toBe(1);
      expect(await kit.discovery.shownOn({ browseId: browse(1), page: 0 }, viewer.id)).toBeNull();
      // A malformed browse id (a cursor is the client's text) leaves out nobody and fails nothing.
      const odd = await kit.discovery.find(
        criteria(),
        2,
        { browseId: 'not-a-uuid', page: 1 },
        {
          position: { browseId: 'not-a-uuid', page: 1 },
          at: TODAY,
        },
      );
      expect([ids(odd.items).sort(), odd.more]).toEqual([[u(2), u(6)], true]);
    });

    it('ranks given members as they are now, leaving out those that no longer match', async () => {
      const far = (await kit.users.findById(u(5)))!;
      await kit.users.update({ ...far, gender: 'male', sexualPreference: ['male'] }, far);
      const ranked = await kit.discovery.rank(criteria(), [u(4), u(2), u(5), u(99), 'not-a-uuid']);
      expect(ids(ranked)).toEqual([u(2), u(4)]);
      expect(ranked[0]!.distanceKm).toBeGreaterThanOrEqual(1);
      expect(await kit.discovery.rank(criteria(), [])).toEqual([]);
    });
  });
}
