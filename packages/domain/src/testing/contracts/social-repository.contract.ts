import { beforeEach, describe, expect, it } from 'vitest';
import type { NotificationRepository, SocialRepository } from '../../ports/social-repository.js';
import type { UserRepository } from '../../ports/user-repository.js';
import { aUser } from '../user-fixtures.js';

export interface SocialKit {
  readonly users: UserRepository;
  readonly social: SocialRepository;
  readonly notifications: NotificationRepository;
}

const u = (n: number) => `00000000-0000-7000-8000-${n.toString().padStart(12, '0')}`;
const at = (minute: number) => new Date(Date.UTC(2026, 10, 22, 12, minute));

export function socialRepositoryContract(name: string, makeKit: () => Promise<SocialKit>): void {
  describe(`SocialRepository and NotificationRepository contract: ${name}`, () => {
    let kit: SocialKit;
    beforeEach(async () => {
      kit = await makeKit();
      for (let n = 1; n <= 5; n++) await kit.users.add(aUser({ id: u(n) }));
    });

    it('likes idempotently and knows who likes whom', async () => {
      expect(await kit.social.like(u(1), u(2), at(1))).toBe(true);
      expect(await kit.social.like(u(1), u(2), at(2))).toBe(false);
      expect(await kit.social.between(u(1), u(2))).toMatchObject({
        likedByMe: true,
        likesMe: false,
        blocked: false,
      });
      expect(await kit.social.between(u(2), u(1))).toMatchObject({ likedByMe: false, likesMe: true });
      await kit.social.like(u(2), u(1), at(3));
      expect(await kit.social.counts(u(1))).toMatchObject({ likesReceived: 1, matches: 1 });
      expect(await kit.social.unlike(u(1), u(2))).toBe(true);
      expect(await kit.social.unlike(u(1), u(2))).toBe(false);
      expect(await kit.social.counts(u(1))).toMatchObject({ likesReceived: 1, matches: 0 });
    });

    it('blocks either way, reports, mutes', async () => {
      expect(await kit.social.block(u(1), u(2), at(1))).toBe(true);
      expect(await kit.social.block(u(1), u(2), at(1))).toBe(false);
      expect((await kit.social.between(u(2), u(1))).blocked).toBe(true);
      expect(await kit.social.unblock(u(1), u(2))).toBe(true);
      expect((await kit.social.between(u(2), u(1))).blocked).toBe(false);
      expect(await kit.social.report(u(3), u(2), 'fake', at(1))).toBe(true);
      expect(await kit.social.report(u(3), u(2), 'fake', at(1))).toBe(false);
      expect((await kit.social.between(u(3), u(2))).reportedByMe).toBe(true);
      expect((await kit.social.counts(u(2))).fakeReports).toBe(1);
      expect(await kit.social.withdrawReport(u(3), u(2))).toBe(true);
      await kit.social.setMuted(u(1), u(4), true);
      expect((await kit.social.between(u(1), u(4))).muted).toBe(true);
      expect(await kit.social.between(u(4), u(1))).toMatchObject({ muted: false, mutedMe: true });
      await kit.social.setMuted(u(1), u(4), false);
      expect((await kit.social.between(u(1), u(4))).muted).toBe(false);
    });

    it('tells of a visit at most once per quiet period, one row per visitor', async () => {
      const day = 24 * 3600_000;
      expect(await kit.social.visit(u(1), u(2), at(1), day)).toBe(true);
      expect(await kit.social.visit(u(1), u(2), at(30), day)).toBe(false);
      expect(await kit.social.visit(u(1), u(2), new Date(at(1).getTime() + day), day)).toBe(true);
      const page = await kit.social.list('visitors', u(2), 10, null);
      expect(page.items).toEqual([{ userId: u(1), at: new Date(at(1).getTime() + day) }]);
      expect((await kit.social.counts(u(2))).visitsReceived).toBe(1);
    });

    it('lists newest first, pages without repeats, and hides blocked members', async () => {
      for (let n = 2; n <= 5; n++) await kit.social.like(u(n), u(1), at(n));
      const first = await kit.social.list('likers', u(1), 2, null);
      expect(first.items.map((r) => r.userId)).toEqual([u(5), u(4)]);
      const second = await kit.social.list('likers', u(1), 2, first.next);
      expect(second.items.map((r) => r.userId)).toEqual([u(3), u(2)]);
      expect(second.next).toBeNull();
      await kit.social.block(u(3), u(1), at(9));
      expect((await kit.social.list('likers', u(1), 10, null)).items.map((r) => r.userId)).toEqual([
        u(5),
        u(4),
        u(2),
      ]);
      await kit.social.like(u(1), u(2), at(10));
      expect((await kit.social.list('matches', u(1), 10, null)).items).toEqual([
        { userId: u(2), at: at(10) },
      ]);
      await kit.social.block(u(1), u(5), at(11));
      expect((await kit.social.list('blocked', u(1), 10, null)).items).toEqual([
        { userId: u(5), at: at(11) },
      ]);
    });

    it('stores notifications, lists them newest first, hides them across a block, marks them read', async () => {
      const note = (id: number, actor: number, minute: number) => ({
        id: `00000000-0000-7000-b000-${id.toString().padStart(12, '0')}`,
        userId: u(1),
        type: 'like' as const,
        actorId: u(actor),
        conversationId: null,
        createdAt: at(minute),
        readAt: null,
      });
      for (const [id, actor, minute] of [
        [1, 2, 1],
        [2, 3, 2],
        [3, 4, 3],
        [4, 2, 4],
      ] as const) {
        await kit.notifications.add(note(id, actor, minute));
      }
      expect(
        (await kit.notifications.list(u(1), { unreadOnly: false, limit: 10, after: null })).items.map(
          (n) => n.id,
        ),
      ).toEqual([4, 3, 2, 1].map((i) => note(i, 2, 0).id));
      expect(await kit.notifications.unreadCount(u(1))).toBe(4);
      await kit.social.block(u(1), u(3), at(5));
      expect(await kit.notifications.unreadCount(u(1))).toBe(3);
      expect(await kit.notifications.markRead(u(1), { ids: [note(4, 2, 0).id] }, at(6))).toBe(1);
      expect(await kit.notifications.markRead(u(1), { upTo: note(3, 4, 0).id }, at(6))).toBe(2);
      const unread = await kit.notifications.list(u(1), { unreadOnly: true, limit: 10, after: null });
      expect(unread.items.map((n) => n.id)).toEqual([]);
      await kit.social.unblock(u(1), u(3));
      expect(await kit.notifications.unreadCount(u(1))).toBe(1);
      expect(await kit.notifications.markRead(u(1), {}, at(7))).toBe(1);
      expect(await kit.notifications.unreadCount(u(1))).toBe(0);
      expect(await kit.notifications.markRead(u(2), {}, at(7))).toBe(0);
    });

    it('forgets everything of a deleted member', async () => {
      await kit.social.like(u(1), u(2), at(1));
      await kit.social.visit(u(2), u(1), at(1), 1000);
      await kit.users.delete(u(2));
      expect(await kit.social.counts(u(1))).toEqual({
        likesReceived: 0,
        matches: 0,
        visitsReceived: 0,
        fakeReports: 0,
      });
      expect((await kit.social.list('visitors', u(1), 10, null)).items).toEqual([]);
    });
  });
}
