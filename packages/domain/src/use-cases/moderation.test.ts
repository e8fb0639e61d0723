import { beforeEach, describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { createInMemoryPorts, type InMemoryPorts } from '../testing/in-memory-ports.js';
import { aUserWithPicture, errorCode } from '../testing/user-fixtures.js';
import type { User } from '../users/user.js';
import { ROLES, mayActOn, type Role } from '../moderation/roles.js';
import { isHiddenByReports, hidingRule } from '../moderation/reports.js';
import { isSuspended, moderationStatus } from '../moderation/suspension.js';
import { createUseCases } from './catalogue.js';

const id = (n: number) => `00000000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;
const HOUR = 3600_000;

/** Members around Paris, all compatible with each other (so discovery shows everyone to everyone). */
const member = (n: number, extra: Partial<User> = {}): User =>
  aUserWithPicture({
    id: id(n),
    username: `member_${n}`,
    gender: 'female',
    sexualPreference: null,
    birthDate: '1994-06-01',
    biography: 'Hi',
    interests: ['tea'],
    location: { latitude: 48.85 + n / 1000, longitude: 2.35, source: 'manual', city: null },
    ...extra,
  });

describe('who may moderate whom', () => {
  test.prop([fc.constantFrom(...ROLES), fc.constantFrom(...ROLES), fc.boolean()])(
    'members never; moderators on members only; admins on anyone; nobody on themselves',
    (actorRole, targetRole, same) => {
      const actor = { id: 'a', role: actorRole };
      const target = { id: same ? 'a' : 'b', role: targetRole };
      const expected = !same && actorRole !== 'member' && (actorRole === 'admin' || targetRole === 'member');
      expect(mayActOn(actor, target)).toBe(expected);
    },
  );

  it('the use cases ask the same rule, whatever the route', async () => {
    const ports = createInMemoryPorts();
    const useCases = createUseCases(ports);
    const roles: Role[] = ['member', 'moderator', 'admin'];
    for (const [i, role] of roles.entries()) await ports.users.add(member(i + 1, { role }));
    const until = new Date(ports.clock.now().getTime() + HOUR);
    const suspend = (actor: number, target: number) =>
      errorCode(
        useCases.suspendMember.execute({ moderatorId: id(actor), userId: id(target), until, reason: 'x' }),
      );
    expect(await suspend(1, 2)).toBe('NOT_ALLOWED'); // a member
    expect(await suspend(2, 3)).toBe('NOT_ALLOWED'); // a moderator on an admin
    expect(await suspend(2, 2)).toBe('NOT_ALLOWED'); // oneself
    expect(await suspend(3, 3)).toBe('NOT_ALLOWED');
    expect(await suspend(2, 99)).toBe('USER_NOT_FOUND');
    expect(await suspend(3, 2)).toBe('ok'); // an admin on a moderator
    expect(await errorCode(useCases.listAudit.execute({ moderatorId: id(1), limit: 10, after: null }))).toBe(
      'NOT_ALLOWED',
    );
    expect(
      (await useCases.listAudit.execute({ moderatorId: id(3), limit: 10, after: null })).items,
    ).toHaveLength(1);
  });
});

describe('suspensions', () => {
  it('end by themselves when their time comes; bans never', () => {
    const now = new Date('2026-12-01T12:00:00.000Z');
    const at = (ms: number) => new Date(now.getTime() + ms);
    expect(moderationStatus({ banned: false, suspendedUntil: at(1) }, now)).toBe('suspended');
    expect(moderationStatus({ banned: false, suspendedUntil: at(0) }, now)).toBe('active');
    expect(moderationStatus({ banned: false, suspendedUntil: null }, now)).toBe('active');
    expect(moderationStatus({ banned: true, suspendedUntil: null }, now)).toBe('banned');
  });

  it('refuse login with until, end every session, actions the open reports, mail the member; lifting restores login', async () => {
    const ports = createInMemoryPorts();
    const useCases = createUseCases(ports);
    await ports.users.add(member(1, { role: 'moderator' }));
    await ports.users.add(member(2, { passwordHash: await ports.hasher.hash('secret-password') }));
    await ports.users.add(member(3));
    await useCases.reportUser.execute({ viewerId: id(3), ref: id(2), reported: true, reason: 'spam' });
    const session = await useCases.logIn.execute({ username: 'member_2', password: 'secret-password' });
    const until = new Date(ports.clock.now().getTime() + HOUR);
    const { user } = await useCases.suspendMember.execute({
      moderatorId: id(1),
      userId: id(2),
      until,
      reason: 'Spam',
    });
    expect(moderationStatus(user, ports.clock.now())).toBe('suspended');
    const refused = await useCases.logIn
      .execute({ username: 'member_2', password: 'secret-password' })
      .catch((e: { code: string; until: Date | null }) => e);
    expect(refused).toMatchObject({ code: 'ACCOUNT_SUSPENDED', until });
    expect(await errorCode(useCases.authenticate.execute({ accessToken: session.accessToken }))).toBe(
      'ACCOUNT_SUSPENDED',
    );
    expect(await errorCode(useCases.refreshSession.execute({ refreshToken: session.refreshToken }))).toBe(
      'ACCOUNT_SUSPENDED',
    );
    expect([...ports.social.reports.values()].map((r) => r.status)).toEqual(['actioned']);
    expect(ports.mailer.sent.some((m) => m.kind === 'account-suspended' && m.to === user.email)).toBe(true);
    // Hidden for everyone, as a block hides.
    expect(await errorCode(useCases.viewProfile.execute({ viewerId: id(3), ref: 'member_2' }))).toBe(
      'USER_NOT_FOUND',
    );

    ports.clock.advance(HOUR + 1);
    expect(
      await errorCode(useCases.logIn.execute({ username: 'member_2', password: 'secret-password' })),
    ).toBe('ok');
    await useCases.suspendMember.execute({ moderatorId: id(1), userId: id(2), until: null, reason: 'Again' });
    ports.clock.advance(1000 * HOUR);
    expect(
      await errorCode(useCases.logIn.execute({ username: 'member_2', password: 'secret-password' })),
    ).toBe('ACCOUNT_SUSPENDED');
    await useCases.liftSuspension.execute({ moderatorId: id(1), userId: id(2) });
    expect(
      await errorCode(useCases.logIn.execute({ username: 'member_2', password: 'secret-password' })),
    ).toBe('ok');
    const audit = await useCases.listAudit.execute({ moderatorId: id(1), limit: 10, after: null });
    expect(audit.items.map((e) => e.action)).toEqual(['lift', 'ban', 'suspend']);
  });

  it('refuse an end in the past and a missing reason, changing nothing', async () => {
    const ports = createInMemoryPorts();
    const useCases = createUseCases(ports);
    await ports.users.add(member(1, { role: 'admin' }));
    await ports.users.add(member(2));
    const past = new Date(ports.clock.now().getTime() - 1);
    const failed = await useCases.suspendMember
      .execute({ moderatorId: id(1), userId: id(2), until: past, reason: ' ' })
      .catch((e: { errors: { path: string }[] }) => e.errors.map((x) => x.path));
    expect(failed).toEqual(['/until', '/reason']);
    expect(isSuspended((await ports.users.findById(id(2)))!, ports.clock.now())).toBe(false);
  });
});

describe('reports and hiding', () => {
  let ports: InMemoryPorts;
  let useCases: ReturnType<typeof createUseCases>;
  beforeEach(async () => {
    ports = createInMemoryPorts();
    useCases = createUseCases(ports, { hideAfterReporters: 2 });
    await ports.users.add(member(1, { role: 'moderator' }));
    for (let n = 2; n <= 6; n++) await ports.users.add(member(n));
  });
  const searchIds = async (viewer: number) =>
    (
      await useCases.discover.execute({
        viewerId: id(viewer),
        mode: 'search',
        query: {},
        limit: 50,
        cursor: null,
      })
    ).items.map((i) => i.user.id);

  it('counts each reporter once, however often they report; dismissing shows the member again and restores fame', async () => {
    const fame = async () => (await ports.users.findById(id(2)))!.fameRating;
    await useCases.reportUser.execute({ viewerId: id(3), ref: id(2), reported: true, reason: null });
    const withOne = await fame();
    await useCases.reportUser.execute({ viewerId: id(3), ref: id(2), reported: true, reason: 'again' });
    expect(await searchIds(5)).toContain(id(2));
    await useCases.reportUser.execute({ viewerId: id(4), ref: id(2), reported: true, reason: null });
    expect(await searchIds(5)).not.toContain(id(2));
    const withTwo = await fame();
    expect(withTwo).toBeLessThan(withOne);
    const queue = await useCases.listReportQueue.execute({
      moderatorId: id(1),
      status: 'open',
      limit: 10,
      after: null,
    });
    expect(queue.items.map((i) => [i.user.id, i.group.distinctReporters, i.hidden])).toEqual([
      [id(2), 2, true],
    ]);

    await useCases.dismissReports.execute({ moderatorId: id(1), userId: id(2), note: 'fine' });
    expect(await searchIds(5)).toContain(id(2));
    expect(await fame()).toBeGreaterThan(withTwo);
  });

  it('ignores reports older than 30 days', async () => {
    await useCases.reportUser.execute({ viewerId: id(3), ref: id(2), reported: true, reason: null });
    await useCases.reportUser.execute({ viewerId: id(4), ref: id(2), reported: true, reason: null });
    expect(await searchIds(5)).not.toContain(id(2));
    ports.clock.advance(30 * 24 * HOUR + 1);
    expect(await searchIds(5)).toContain(id(2));
  });

  test.prop(
    [
      fc.array(
        fc.record({ reporter: fc.integer({ min: 2, max: 6 }), reported: fc.integer({ min: 2, max: 6 }) }),
        {
          maxLength: 12,
        },
      ),
      fc.array(fc.record({ who: fc.integer({ min: 2, max: 6 }), banned: fc.boolean() }), { maxLength: 3 }),
      fc.integer({ min: 2, max: 6 }),
    ],
    { numRuns: 60 },
  )(
    'a hidden or suspended member never appears in discovery, in lists or in notifications of another member',
    async (reports, suspensions, viewer) => {
      ports = createInMemoryPorts();
      useCases = createUseCases(ports, { hideAfterReporters: 2 });
      await ports.users.add(member(1, { role: 'admin' }));
      for (let n = 2; n <= 6; n++) await ports.users.add(member(n));
      // Everyone likes everyone (lists and notifications fill up), then the reports, then the suspensions.
      for (let a = 2; a <= 6; a++)
        for (let b = 2; b <= 6; b++)
          if (a !== b) await useCases.likeUser.execute({ viewerId: id(a), ref: id(b) });
      for (const r of reports)
        if (r.reporter !== r.reported)
          await useCases.reportUser.execute({
            viewerId: id(r.reporter),
            ref: id(r.reported),
            reported: true,
            reason: null,
          });
      for (const s of suspensions) {
        const until = s.banned ? null : new Date(ports.clock.now().getTime() + HOUR);
        await useCases.suspendMember.execute({ moderatorId: id(1), userId: id(s.who), until, reason: 'x' });
      }
      const now = ports.clock.now();
      const rule = hidingRule(2, now);
      const suspended = new Set<string>();
      const hidden = new Set<string>();
      for (let n = 2; n <= 6; n++) {
        const user = (await ports.users.findById(id(n)))!;
        if (isSuspended(user, now)) suspended.add(user.id);
        const against = [...ports.social.reports]
          .filter(([key]) => key.endsWith(`|${user.id}`))
          .map(([key, r]) => ({
            reporterId: key.split('|')[0]!,
            status: r.status,
            createdAt: r.at,
            reporterSuspended: isSuspended(ports.users.peek(key.split('|')[0]!)!, now),
          }));
        if (isHiddenByReports(against, rule)) hidden.add(user.id);
      }
      if (suspended.has(id(viewer))) return; // a suspended member is not a viewer
      const found = await searchIds(viewer);
      for (const gone of [...suspended, ...hidden]) expect(found).not.toContain(gone);
      for (const kind of ['visitors', 'likers', 'matches'] as const) {
        const { page } = await useCases.listRelations.execute({
          userId: id(viewer),
          kind,
          limit: 50,
          after: null,
        });
        for (const row of page.items) expect(suspended.has(row.user.id)).toBe(false);
      }
      const { page } = await useCases.listNotifications.execute({
        userId: id(viewer),
        unreadOnly: false,
        limit: 100,
        after: null,
      });
      for (const n of page.items) expect(n.actor && suspended.has(n.actor.id)).toBeFalsy();
      // Hidden, not suspended: still in lists (only discovery leaves them out).
      for (const h of hidden)
        if (!suspended.has(h) && h !== id(viewer)) {
          const { page: likers } = await useCases.listRelations.execute({
            userId: id(viewer),
            kind: 'likers',
            limit: 50,
            after: null,
          });
          expect(likers.items.map((r) => r.user.id)).toContain(h);
        }
    },
  );
});
