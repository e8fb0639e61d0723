import { beforeEach, describe, expect, it } from 'vitest';
import { createInMemoryPorts, type InMemoryPorts } from '../testing/in-memory-ports.js';
import { aUser, aUserWithPicture, errorCode } from '../testing/user-fixtures.js';
import type { User } from '../users/user.js';
import { refreshFameOf } from '../matching/refresh-fame.js';
import { VISIT_NOTICE_QUIET_MS } from '../social/notify.js';
import { BlockUser } from './block-user.js';
import { LikeUser } from './like-user.js';
import { ListNotifications } from './list-notifications.js';
import { MarkNotificationsRead } from './mark-notifications-read.js';
import { ReportUser } from './report-user.js';
import { UnlikeUser } from './unlike-user.js';
import { ViewProfile } from './view-profile.js';

const ANN = '00000000-0000-7000-8000-00000000000a';
const BOB = '00000000-0000-7000-8000-00000000000b';
const CAT = '00000000-0000-7000-8000-00000000000c';

const withPicture = (id: string, username: string, extra: Partial<User> = {}): User =>
  aUserWithPicture({ id, username, ...extra });
const code = errorCode;

describe('likes, unlikes, blocks, reports and visits', () => {
  let ports: InMemoryPorts;
  let like: LikeUser;
  let unlike: UnlikeUser;
  let view: ViewProfile;
  const notices = (recipient: string) =>
    ports.events
      .ofType('notification')
      .filter((e) => e.recipient.id === recipient)
      .map((e) => `${e.notification.type}:${e.actor?.username}`);
  const fame = async (id: string) => (await ports.users.findById(id))!.fameRating;

  beforeEach(async () => {
    ports = createInMemoryPorts();
    await ports.users.add(withPicture(ANN, 'ann'));
    await ports.users.add(withPicture(BOB, 'bob'));
    await ports.users.add(aUser({ id: CAT, username: 'cat' })); // no picture
    like = new LikeUser(ports);
    unlike = new UnlikeUser(ports);
    view = new ViewProfile(ports);
  });

  describe('like', () => {
    it('tells the liked member, once, and raises their fame', async () => {
      const before = await fame(BOB);
      expect(await like.execute({ viewerId: ANN, ref: 'bob' })).toEqual({ liked: true, connected: false });
      expect(await like.execute({ viewerId: ANN, ref: 'BOB' })).toEqual({ liked: true, connected: false });
      expect(notices(BOB)).toEqual(['like:ann']);
      expect(await fame(BOB)).toBeGreaterThan(before);
    });

    it('a like back is a match: both are told, of each other', async () => {
      await like.execute({ viewerId: ANN, ref: 'bob' });
      expect(await like.execute({ viewerId: BOB, ref: ANN })).toEqual({ liked: true, connected: true });
      expect(notices(ANN)).toEqual(['match:bob']);
      expect(notices(BOB)).toEqual(['like:ann', 'match:ann']);
    });

    it('needs a profile picture, never oneself, and a member that can be seen', async () => {
      expect(await code(like.execute({ viewerId: CAT, ref: 'ann' }))).toBe('PROFILE_PICTURE_REQUIRED');
      expect(await code(like.execute({ viewerId: ANN, ref: 'Ann' }))).toBe('CANNOT_TARGET_SELF');
      expect(await code(like.execute({ viewerId: ANN, ref: 'nobody' }))).toBe('USER_NOT_FOUND');
      await ports.users.add(
        withPicture('00000000-0000-7000-8000-0000000000dd', 'dee', { emailVerified: false }),
      );
      expect(await code(like.execute({ viewerId: ANN, ref: 'dee' }))).toBe('USER_NOT_FOUND');
      expect(ports.events.ofType('notification')).toEqual([]);
    });
  });

  describe('unlike', () => {
    it('undoes a match, tells the other, and mutes their likes and visits until liked again', async () => {
      await like.execute({ viewerId: ANN, ref: 'bob' });
      await like.execute({ viewerId: BOB, ref: 'ann' });
      expect(await unlike.execute({ viewerId: ANN, ref: 'bob' })).toEqual({ liked: false, connected: false });
      expect(notices(BOB)).toEqual(['like:ann', 'match:ann', 'unlike:ann']);
      expect(await ports.social.between(BOB, ANN)).toMatchObject({
        likedByMe: true,
        likesMe: false,
        mutedMe: true,
      });

      // Bob's visit now stays silent for Ann.
      await view.execute({ viewerId: BOB, ref: 'ann' });
      expect(notices(ANN)).toEqual(['match:bob']);
      // Ann likes Bob again: unmuted, and it is a match again.
      expect(await like.execute({ viewerId: ANN, ref: 'bob' })).toEqual({ liked: true, connected: true });
      ports.clock.advance(VISIT_NOTICE_QUIET_MS);
      await view.execute({ viewerId: BOB, ref: 'ann' });
      expect(notices(ANN)).toEqual(['match:bob', 'match:bob', 'visit:bob']);
    });

    it('of someone not liked tells nobody', async () => {
      await unlike.execute({ viewerId: ANN, ref: 'bob' });
      expect(ports.events.ofType('notification')).toEqual([]);
    });
  });

  describe('profile view', () => {
    it('records a visit, tells the visited member at most once per quiet period', async () => {
      const seen = await view.execute({ viewerId: ANN, ref: 'bob' });
      expect(seen.target.id).toBe(BOB);
      await view.execute({ viewerId: ANN, ref: 'bob' });
      expect(notices(BOB)).toEqual(['visit:ann']);
      ports.clock.advance(VISIT_NOTICE_QUIET_MS);
      await view.execute({ viewerId: ANN, ref: 'bob' });
      expect(notices(BOB)).toEqual(['visit:ann', 'visit:ann']);
    });

    it('of oneself records nothing', async () => {
      const self = await view.execute({ viewerId: ANN, ref: 'ann' });
      expect(self.target.id).toBe(ANN);
      expect(ports.events.events).toEqual([]);
    });
  });

  describe('block', () => {
    it('hides both members from each other, and unblocking shows them again', async () => {
      const block = new BlockUser(ports);
      expect(await block.execute({ viewerId: ANN, ref: 'bob', blocked: true })).toEqual({ blocked: true });
      expect(await code(view.execute({ viewerId: BOB, ref: 'ann' }))).toBe('USER_NOT_FOUND');
      expect(await code(like.execute({ viewerId: ANN, ref: 'bob' }))).toBe('USER_NOT_FOUND');
      // A block is reached across itself (to undo it); twice is the same.
      expect(await block.execute({ viewerId: ANN, ref: 'bob', blocked: true })).toEqual({ blocked: true });
      expect(await block.execute({ viewerId: ANN, ref: 'bob', blocked: false })).toEqual({ blocked: false });
      expect(await code(view.execute({ viewerId: BOB, ref: 'ann' }))).toBe('ok');
      expect(await code(block.execute({ viewerId: ANN, ref: ANN, blocked: true }))).toBe(
        'CANNOT_TARGET_SELF',
      );
    });
  });

  describe('report', () => {
    it('reports once with a reason, lowers fame, and can be withdrawn', async () => {
      const report = new ReportUser(ports);
      await refreshFameOf(ports, BOB);
      const before = await fame(BOB);
      expect(
        await report.execute({ viewerId: ANN, ref: 'bob', reported: true, reason: 'fake pictures' }),
      ).toEqual({
        reported: true,
      });
      expect(await ports.social.between(ANN, BOB)).toMatchObject({ reportedByMe: true });
      expect(await fame(BOB)).toBeLessThan(before);
      await report.execute({ viewerId: ANN, ref: 'bob', reported: false });
      expect(await ports.social.between(ANN, BOB)).toMatchObject({ reportedByMe: false });
      expect(await fame(BOB)).toBe(before);
      expect(await code(report.execute({ viewerId: ANN, ref: 'ann', reported: true }))).toBe(
        'CANNOT_TARGET_SELF',
      );
      expect(
        await code(report.execute({ viewerId: ANN, ref: 'bob', reported: true, reason: 'x'.repeat(501) })),
      ).toBe('VALIDATION_FAILED');
      // Nobody is told of a report.
      expect(ports.events.ofType('notification')).toEqual([]);
    });
  });
});

describe('notifications', () => {
  let ports: InMemoryPorts;

  beforeEach(async () => {
    ports = createInMemoryPorts();
    await ports.users.add(withPicture(ANN, 'ann'));
    await ports.users.add(withPicture(BOB, 'bob'));
    await ports.users.add(withPicture(CAT, 'cat'));
    const view = new ViewProfile(ports);
    await view.execute({ viewerId: BOB, ref: 'ann' });
    ports.clock.advance(1000);
    await view.execute({ viewerId: CAT, ref: 'ann' });
    ports.clock.advance(1000);
    await new LikeUser(ports).execute({ viewerId: BOB, ref: 'ann' });
  });

  const list = (unreadOnly = false) =>
    new ListNotifications(ports).execute({ userId: ANN, unreadOnly, limit: 10, after: null });

  it('lists newest first with their actors and the unread count', async () => {
    const { page, unreadCount } = await list();
    expect(page.items.map((n) => `${n.notification.type}:${n.actor!.username}`)).toEqual([
      'like:bob',
      'visit:cat',
      'visit:bob',
    ]);
    expect(unreadCount).toBe(3);
  });

  it('marks by ids, up to one and everything older, or all; each change tells the other tabs', async () => {
    const mark = new MarkNotificationsRead(ports);
    const [newest, middle, oldest] = (await list()).page.items.map((n) => n.notification.id);
    expect(await mark.execute({ userId: ANN, ids: [newest!] })).toBe(1);
    expect((await list(true)).page.items.map((n) => n.notification.id)).toEqual([middle, oldest]);
    expect(await mark.execute({ userId: ANN, upTo: middle! })).toBe(2);
    expect((await list()).unreadCount).toBe(0);
    // Nothing left to mark: nobody is told.
    expect(await mark.execute({ userId: ANN })).toBe(0);
    expect(ports.events.ofType('notification.read').map((e) => [e.which, e.unreadCount])).toEqual([
      [{ ids: [newest] }, 2],
      [{ upTo: middle }, 0],
    ]);
  });

  it('marks nothing of anyone else', async () => {
    const [newest] = (await list()).page.items.map((n) => n.notification.id);
    expect(await new MarkNotificationsRead(ports).execute({ userId: BOB, ids: [newest!] })).toBe(0);
    expect((await list()).unreadCount).toBe(3);
  });

  it('hides notifications across a block', async () => {
    await new BlockUser(ports).execute({ viewerId: ANN, ref: 'bob', blocked: true });
    expect((await list()).page.items.map((n) => n.actor!.username)).toEqual(['cat']);
  });
});
