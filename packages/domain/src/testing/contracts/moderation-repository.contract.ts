import { beforeEach, describe, expect, it } from 'vitest';
import type { ModerationRepository } from '../../ports/moderation-repository.js';
import type { NotificationRepository, SocialRepository } from '../../ports/social-repository.js';
import type { UserRepository } from '../../ports/user-repository.js';
import { hidingRule } from '../../moderation/reports.js';
import { aUser } from '../user-fixtures.js';

export interface ModerationKit {
  readonly users: UserRepository;
  readonly social: SocialRepository;
  readonly notifications: NotificationRepository;
  readonly moderation: ModerationRepository;
}

const u = (n: number) => `00000000-0000-7000-8000-${n.toString().padStart(12, '0')}`;
const NOW = new Date('2026-11-22T12:00:00.000Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);

export function moderationRepositoryContract(name: string, makeKit: () => Promise<ModerationKit>): void {
  describe(`ModerationRepository contract: ${name}`, () => {
    let kit: ModerationKit;
    beforeEach(async () => {
      kit = await makeKit();
      for (let n = 1; n <= 8; n++) await kit.users.add(aUser({ id: u(n), username: `member_${n}` }));
    });
    const ban = async (n: number) => {
      const user = (await kit.users.findById(u(n)))!;
      await kit.users.update({ ...user, banned: true }, user);
    };

    it('groups open reports by member, most distinct reporters first, suspended reporters listed but not counted', async () => {
      await kit.social.report(u(2), u(1), 'fake', daysAgo(1));
      await kit.social.report(u(3), u(1), null, daysAgo(2));
      await kit.social.report(u(4), u(1), 'spam', daysAgo(3));
      await kit.social.report(u(2), u(5), 'rude', daysAgo(0));
      await ban(4);
      const { items, next } = await kit.moderation.reportQueue('open', 10, null, NOW);
      expect(next).toBeNull();
      expect(items.map((g) => [g.userId, g.distinctReporters])).toEqual([
        [u(1), 2],
        [u(5), 1],
      ]);
      expect(items[0]!.lastReportedAt).toEqual(daysAgo(1));
      expect(items[0]!.reports.map((r) => [r.reporter.username, r.reason, r.status])).toEqual([
        ['member_2', 'fake', 'open'],
        ['member_3', null, 'open'],
        ['member_4', 'spam', 'open'],
      ]);
      const first = await kit.moderation.reportQueue('open', 1, null, NOW);
      expect(first.items.map((g) => g.userId)).toEqual([u(1)]);
      const second = await kit.moderation.reportQueue('open', 1, first.next, NOW);
      expect(second.items.map((g) => g.userId)).toEqual([u(5)]);
      expect(second.next).toBeNull();
    });

    it('resolves only open reports; a new report after a decision opens the case again', async () => {
      await kit.social.report(u(2), u(1), 'fake', daysAgo(1));
      await kit.social.report(u(3), u(1), null, daysAgo(1));
      expect(await kit.moderation.resolveReports(u(1), 'dismissed', NOW)).toBe(2);
      expect(await kit.moderation.resolveReports(u(1), 'actioned', NOW)).toBe(0);
      expect((await kit.moderation.reportQueue('open', 10, null, NOW)).items).toEqual([]);
      const dismissed = await kit.moderation.reportQueue('dismissed', 10, null, NOW);
      expect(dismissed.items[0]!.reports.map((r) => r.status)).toEqual(['dismissed', 'dismissed']);
      expect((await kit.social.counts(u(1))).fakeReports).toBe(0);
      expect(await kit.social.report(u(2), u(1), 'again', NOW)).toBe(true);
      expect(await kit.social.report(u(2), u(1), 'and again', NOW)).toBe(false);
      const open = await kit.moderation.reportQueue('open', 10, null, NOW);
      expect(open.items.map((g) => [g.userId, g.distinctReporters, g.reports[0]!.reason])).toEqual([
        [u(1), 1, 'again'],
      ]);
      expect((await kit.social.counts(u(1))).fakeReports).toBe(1);
    });

    it('hides by distinct, open, recent reports from members not suspended', async () => {
      const rule = hidingRule(3, NOW);
      for (const n of [2, 3, 4]) await kit.social.report(u(n), u(1), null, daysAgo(29));
      for (const n of [2, 3]) await kit.social.report(u(n), u(5), null, daysAgo(1));
      await kit.social.report(u(4), u(5), null, daysAgo(31)); // too old
      for (const n of [2, 3, 4]) await kit.social.report(u(n), u(6), null, daysAgo(1));
      await kit.moderation.resolveReports(u(6), 'dismissed', NOW);
      for (const n of [2, 3, 4]) await kit.social.report(u(n), u(7), null, daysAgo(1));
      expect(await kit.moderation.hiddenAmong([u(1), u(5), u(6), u(7), 'not-an-id'], rule, NOW)).toEqual(
        new Set([u(1), u(7)]),
      );
      await ban(4);
      expect(await kit.moderation.hiddenAmong([u(1), u(7)], rule, NOW)).toEqual(new Set());
      expect(await kit.moderation.hiddenAmong([u(1)], hidingRule(2, NOW), NOW)).toEqual(new Set([u(1)]));
    });

    it('keeps the audit trail newest first, paged', async () => {
      const entry = (n: number, minute: number) => ({
        id: `00000000-0000-7000-9000-${n.toString().padStart(12, '0')}`,
        moderator: { id: u(1), username: 'member_1' },
        action: 'suspend' as const,
        target: { id: u(2), username: 'member_2' },
        reason: `reason ${n}`,
        until: new Date(NOW.getTime() + 3600_000),
        at: new Date(NOW.getTime() + minute * 60_000),
      });
      for (const [n, minute] of [
        [1, 1],
        [2, 3],
        [3, 2],
      ] as const)
        await kit.moderation.record(entry(n, minute));
      const first = await kit.moderation.audit(2, null);
      expect(first.items).toEqual([entry(2, 3), entry(3, 2)]);
      const rest = await kit.moderation.audit(2, first.next);
      expect(rest.items).toEqual([entry(1, 1)]);
      expect(rest.next).toBeNull();
    });

    it('leaves banned members out of others’ lists and notifications', async () => {
      await kit.social.like(u(2), u(1), NOW);
      await kit.social.like(u(3), u(1), NOW);
      await kit.notifications.add({
        id: '00000000-0000-7000-a000-000000000001',
        userId: u(1),
        type: 'like',
        actorId: u(2),
        conversationId: null,
        createdAt: NOW,
        readAt: null,
      });
      await kit.notifications.add({
        id: '00000000-0000-7000-a000-000000000002',
        userId: u(1),
        type: 'moderation',
        actorId: null,
        conversationId: null,
        createdAt: NOW,
        readAt: null,
      });
      await ban(2);
      expect((await kit.social.list('likers', u(1), 10, null)).items.map((r) => r.userId)).toEqual([u(3)]);
      const notices = await kit.notifications.list(u(1), { unreadOnly: false, limit: 10, after: null });
      expect(notices.items.map((n) => [n.type, n.actorId])).toEqual([['moderation', null]]);
      expect(await kit.notifications.unreadCount(u(1))).toBe(1);
    });
  });
}
