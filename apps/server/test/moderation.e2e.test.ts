import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { createTestDatabase } from '../../../test-support/test-database.js';
import { expectProblem, PASSWORD, startTestServer, type TestServer } from './harness.js';
import { completeMember, connect, type Member } from './members.js';
import { SocketClient } from './socket-client.js';
import { runCliProcess } from './cli-process.js';

/**
 * Trust and safety end to end: roles granted by the command line while the
 * server runs, the report queue, hiding after distinct reporters, suspensions
 * and bans (sessions, sockets, login, visibility, mail), pictures removed by a
 * moderator, and the audit trail.
 */
let t: TestServer;
let databaseUrl: string;

beforeAll(async () => {
  databaseUrl = await createTestDatabase('moderation');
  t = await startTestServer({
    label: 'moderation',
    databaseUrl,
    env: { MODERATION_HIDE_AFTER_REPORTERS: '3' },
  });
}, 60_000);
afterAll(() => t?.stop());

/** `npm run admin -- …` against the test's database, beside the running server. */
function admin(...args: string[]) {
  const { REDIS_URL: _redis, ...env } = process.env;
  return runCliProcess('apps/server/src/cli/admin.ts', args, {
    ...env,
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'warn',
  });
}

const paris = (interests = ['tea']) => completeMember(t, 48.8566, 2.3522, interests);
const search = async (viewer: Member) =>
  ((await t.api.get('/api/v1/search?limit=50', viewer.token)).body.items as { id: string }[]).map(
    (u) => u.id,
  );
const report = (by: Member, target: Member, reason = 'Fake pictures') =>
  t.api.post(`/api/v1/users/${target.username}/report`, { reason }, by.token);
const queue = async (mod: Member, status = 'open') => {
  const answer = await t.api.get(`/api/v1/admin/reports?status=${status}`, mod.token);
  expect(answer.status).toBe(200);
  return answer.body.items as any[];
};

let mod: Member;
let chief: Member;

describe('roles', () => {
  it('are granted and taken back only by the command line, and apply to existing sessions at once', async () => {
    [mod, chief] = [await paris(), await paris()];
    expect((await t.api.get('/api/v1/me', mod.token)).body.role).toBe('member');
    expectProblem(await t.api.get('/api/v1/admin/reports', mod.token), 403, 'NOT_ALLOWED');

    const granted = await admin('grant', mod.username, 'moderator');
    expect(granted.code, granted.out).toBe(0);
    expect(granted.out).toMatch(new RegExp(`${mod.username} is now a moderator`));
    expect((await admin('grant', chief.username, 'admin')).code).toBe(0);
    // The same access token: the role is read from the member, not from the token.
    await expect.poll(async () => (await t.api.get('/api/v1/me', mod.token)).body.role).toBe('moderator');
    expect((await t.api.get('/api/v1/admin/reports', mod.token)).status).toBe(200);

    const unknown = await admin('grant', 'nobody_here', 'admin');
    expect(unknown.code).toBe(1);
    expect(unknown.out).toMatch(/No member is named "nobody_here"/);
    expect((await admin('grant', mod.username, 'emperor')).code).toBe(2);
    // No route grants a role.
    expect((await t.api.patch('/api/v1/me', { role: 'admin' }, mod.token)).status).toBe(400);
  }, 60_000);

  it('a revoked role stops working at once', async () => {
    const temp = await paris();
    expect((await admin('grant', temp.username, 'moderator')).code).toBe(0);
    await expect.poll(async () => (await t.api.get('/api/v1/admin/audit', temp.token)).status).toBe(200);
    expect((await admin('revoke', temp.username)).code).toBe(0);
    await expect.poll(async () => (await t.api.get('/api/v1/admin/audit', temp.token)).status).toBe(403);
  }, 60_000);
});

describe('the report queue and automatic hiding', () => {
  it('hides a member reported by 3 distinct members from search at once; the queue groups them; dismissing shows them again', async () => {
    const [viewer, target, a, b, c] = await Promise.all([paris(), paris(), paris(), paris(), paris()]);
    expect(await search(viewer)).toContain(target.id);
    await report(a, target, 'Pictures of someone else');
    await report(b, target);
    expect(await search(viewer)).toContain(target.id); // 2 < 3
    await report(c, target, 'Asked for money');
    expect(await search(viewer)).not.toContain(target.id);
    // The hidden member is not told: their own view of themselves is unchanged.
    expect((await t.api.get('/api/v1/me', target.token)).status).toBe(200);

    const group = (await queue(mod)).find((g) => g.user.id === target.id);
    expect(group).toMatchObject({
      distinctReporters: 3,
      user: { hidden: true, status: 'active', role: 'member' },
    });
    expect(group.reports.map((r: any) => r.reporter.username).sort()).toEqual(
      [a, b, c].map((m) => m.username).sort(),
    );
    expect(group.reports.find((r: any) => r.reporter.id === a.id)).toMatchObject({
      reason: 'Pictures of someone else',
      status: 'open',
    });

    expect(
      (
        await t.api.post(
          `/api/v1/admin/users/${target.id}/dismiss-reports`,
          { note: 'Real pictures' },
          mod.token,
        )
      ).status,
    ).toBe(204);
    expect(await search(viewer)).toContain(target.id);
    expect((await queue(mod)).some((g) => g.user.id === target.id)).toBe(false);
    const dismissed = (await queue(mod, 'dismissed')).find((g) => g.user.id === target.id);
    expect(dismissed.reports.every((r: any) => r.status === 'dismissed')).toBe(true);
    const audit = (await t.api.get('/api/v1/admin/audit', mod.token)).body.items[0];
    expect(audit).toMatchObject({
      action: 'dismiss',
      moderator: { id: mod.id, username: mod.username },
      target: { id: target.id },
      reason: 'Real pictures',
      until: null,
    });
  }, 60_000);

  it('does not count reports by members who are suspended themselves', async () => {
    const [viewer, target, a, b, c] = await Promise.all([paris(), paris(), paris(), paris(), paris()]);
    for (const m of [a, b, c]) await report(m, target);
    expect(await search(viewer)).not.toContain(target.id);
    const until = new Date(Date.now() + 3600_000).toISOString();
    expect(
      (
        await t.api.post(
          `/api/v1/admin/users/${a.id}/suspend`,
          { until, reason: 'Mass reporting' },
          mod.token,
        )
      ).status,
    ).toBe(200);
    expect(await search(viewer)).toContain(target.id);
    expect((await queue(mod)).find((g) => g.user.id === target.id)?.distinctReporters).toBe(2);
  }, 60_000);

  it('pages the queue by cursor and refuses members', async () => {
    const targets = await Promise.all([paris(), paris()]);
    const reporter = await paris();
    for (const target of targets) await report(reporter, target);
    const first = await t.api.get('/api/v1/admin/reports?limit=1', mod.token);
    expect(first.body.items).toHaveLength(1);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await t.api.get(
      `/api/v1/admin/reports?limit=1&cursor=${first.body.nextCursor}`,
      mod.token,
    );
    expect(second.body.items).toHaveLength(1);
    expect(second.body.items[0].user.id).not.toBe(first.body.items[0].user.id);
    expectProblem(
      await t.api.get(`/api/v1/admin/reports?status=dismissed&cursor=${first.body.nextCursor}`, mod.token),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(await t.api.get('/api/v1/admin/reports', reporter.token), 403, 'NOT_ALLOWED');
    expectProblem(
      await t.api.get('/api/v1/admin/reports?status=closed', mod.token),
      400,
      'VALIDATION_FAILED',
    );
  });
});

describe('suspensions and bans', () => {
  it('a suspension ends every session (socket 4401), hides the member, refuses login with until, and mails them', async () => {
    const [target, friend] = [await paris(), await paris()];
    await connect(t, target, friend);
    const { body: sent } = await t.api.post(
      `/api/v1/users/${friend.username}/messages`,
      { content: 'hi' },
      target.token,
    );
    const socket = await SocketClient.open(t.api.baseUrl, { token: target.token });
    const until = new Date(Date.now() + 3600_000);

    const answer = await t.api.post(
      `/api/v1/admin/users/${target.id}/suspend`,
      { until: until.toISOString(), reason: 'Harassment' },
      mod.token,
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      id: target.id,
      status: 'suspended',
      suspendedUntil: until.toISOString(),
      email: target.email,
    });
    expect((await socket.closed).code).toBe(4401);

    const next = await t.api.get('/api/v1/me', target.token);
    expectProblem(next, 403, 'ACCOUNT_SUSPENDED');
    expect(next.body.until).toBe(until.toISOString());
    const login = await t.api.post('/api/v1/auth/login', { username: target.username, password: PASSWORD });
    expectProblem(login, 403, 'ACCOUNT_SUSPENDED');
    expect(login.body.until).toBe(until.toISOString());
    expectProblem(
      await t.api.post('/api/v1/auth/refresh', { refreshToken: target.refreshToken }),
      403,
      'ACCOUNT_SUSPENDED',
    );
    await expect(SocketClient.open(t.api.baseUrl, { token: target.token })).rejects.toMatchObject({
      status: 403,
    });
    // A wrong password says nothing about the suspension.
    expectProblem(
      await t.api.post('/api/v1/auth/login', { username: target.username, password: 'not it at all' }),
      401,
      'INVALID_CREDENTIALS',
    );

    // Gone for everyone, as a block hides; the conversation stays, read-only.
    expectProblem(await t.api.get(`/api/v1/users/${target.username}`, friend.token), 404, 'USER_NOT_FOUND');
    expect(
      (await t.api.get('/api/v1/me/matches', friend.token)).body.items.map((u: any) => u.id),
    ).not.toContain(target.id);
    expect(
      (await t.api.get('/api/v1/me/likers', friend.token)).body.items.map((u: any) => u.id),
    ).not.toContain(target.id);
    expect(
      (await t.api.get('/api/v1/notifications', friend.token)).body.items.some(
        (n: any) => n.actor?.id === target.id,
      ),
    ).toBe(false);
    expect(await search(friend)).not.toContain(target.id);
    const history = await t.api.get(`/api/v1/conversations/${sent.conversationId}/messages`, friend.token);
    expect(history.status).toBe(200);
    expectProblem(
      await t.api.post(
        `/api/v1/conversations/${sent.conversationId}/messages`,
        { content: 'hello?' },
        friend.token,
      ),
      403,
      'NOT_CONNECTED',
    );

    const mail = await t.smtp.waitFor(target.email, 'suspended');
    expect(mail.text).toMatch(/Harassment/);
    expect(mail.text).toMatch(new RegExp(until.toUTCString().slice(0, 16)));

    // Lifted: everything comes back (the ended sessions stay ended).
    const lifted = await t.api.delete(`/api/v1/admin/users/${target.id}/suspend`, undefined, mod.token);
    expect(lifted.body).toMatchObject({ status: 'active', suspendedUntil: null });
    expect(
      (await t.api.post('/api/v1/auth/login', { username: target.username, password: PASSWORD })).status,
    ).toBe(200);
    expect((await t.api.get(`/api/v1/users/${target.username}`, friend.token)).status).toBe(200);
    expect(
      (
        await t.api.post(
          `/api/v1/conversations/${sent.conversationId}/messages`,
          { content: 'back' },
          friend.token,
        )
      ).status,
    ).toBe(201);
    const actions = (await t.api.get('/api/v1/admin/audit', mod.token)).body.items.slice(0, 2);
    expect(actions.map((a: any) => a.action)).toEqual(['lift', 'suspend']);
    expect(actions[1]).toMatchObject({
      reason: 'Harassment',
      until: until.toISOString(),
      target: { username: target.username },
    });
  }, 60_000);

  it('a ban has no end; a suspension ends by itself when its time comes', async () => {
    const [banned, brief] = [await paris(), await paris()];
    const ban = await t.api.post(
      `/api/v1/admin/users/${banned.id}/suspend`,
      { until: null, reason: 'Scam' },
      mod.token,
    );
    expect(ban.body).toMatchObject({ status: 'banned', suspendedUntil: null });
    const login = await t.api.post('/api/v1/auth/login', { username: banned.username, password: PASSWORD });
    expectProblem(login, 403, 'ACCOUNT_SUSPENDED');
    expect(login.body.until).toBeNull();
    await t.smtp.waitFor(banned.email, 'closed');

    const until = new Date(Date.now() + 1500);
    expect(
      (
        await t.api.post(
          `/api/v1/admin/users/${brief.id}/suspend`,
          { until: until.toISOString(), reason: 'Cool down' },
          mod.token,
        )
      ).status,
    ).toBe(200);
    expectProblem(
      await t.api.post('/api/v1/auth/login', { username: brief.username, password: PASSWORD }),
      403,
      'ACCOUNT_SUSPENDED',
    );
    await new Promise((r) => setTimeout(r, until.getTime() - Date.now() + 200));
    expect(
      (await t.api.post('/api/v1/auth/login', { username: brief.username, password: PASSWORD })).status,
    ).toBe(200);
    expect((await t.api.get(`/api/v1/admin/users/${brief.id}`, mod.token)).body.status).toBe('active');
  }, 30_000);

  it('only an admin acts on a moderator or an admin; nobody on themselves; the rules of the body hold', async () => {
    const member = await paris();
    const until = new Date(Date.now() + 3600_000).toISOString();
    expectProblem(
      await t.api.post(`/api/v1/admin/users/${chief.id}/suspend`, { until, reason: 'x' }, mod.token),
      403,
      'NOT_ALLOWED',
    );
    expectProblem(
      await t.api.post(`/api/v1/admin/users/${mod.id}/suspend`, { until, reason: 'x' }, mod.token),
      403,
      'NOT_ALLOWED',
    );
    expectProblem(
      await t.api.post(`/api/v1/admin/users/${member.id}/suspend`, { until, reason: 'x' }, member.token),
      403,
      'NOT_ALLOWED',
    );
    const past = await t.api.post(
      `/api/v1/admin/users/${member.id}/suspend`,
      { until: '2020-01-01T00:00:00.000Z', reason: 'x' },
      mod.token,
    );
    expectProblem(past, 400, 'VALIDATION_FAILED');
    expect(past.body.errors.map((e: any) => e.path)).toEqual(['/until']);
    const empty = await t.api.post(
      `/api/v1/admin/users/${member.id}/suspend`,
      { until, reason: '  ' },
      mod.token,
    );
    expectProblem(empty, 400, 'VALIDATION_FAILED');
    expectProblem(
      await t.api.post(
        `/api/v1/admin/users/${member.id}/suspend`,
        { until, reason: 'x'.repeat(501) },
        mod.token,
      ),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await t.api.post('/api/v1/admin/users/not-an-id/suspend', { until, reason: 'x' }, mod.token),
      404,
      'USER_NOT_FOUND',
    );
    expectProblem(
      await t.api.post(
        '/api/v1/admin/users/01936f4e-8b7a-7cde-9f01-23456789abcd/dismiss-reports',
        {},
        mod.token,
      ),
      404,
      'USER_NOT_FOUND',
    );
    // Nothing changed.
    expect((await t.api.get(`/api/v1/admin/users/${member.id}`, mod.token)).body.status).toBe('active');
    // The admin may act on the moderator (and lifts it at once).
    expect(
      (await t.api.post(`/api/v1/admin/users/${mod.id}/suspend`, { until, reason: 'Test' }, chief.token))
        .status,
    ).toBe(200);
    expect((await t.api.delete(`/api/v1/admin/users/${mod.id}/suspend`, undefined, chief.token)).status).toBe(
      200,
    );
    mod = { ...mod, ...(await relogin(mod)) };
  });
});

describe('pictures and the audit trail', () => {
  it('a moderator removes a picture: the file goes, the next one becomes the profile picture, the owner is told', async () => {
    const owner = await paris();
    const second = new FormData();
    second.append(
      'file',
      new Blob(
        [
          await sharp({ create: { width: 80, height: 80, channels: 3, background: '#36c' } })
            .png()
            .toBuffer(),
        ],
        { type: 'image/png' },
      ),
      'b.png',
    );
    expect(
      (
        await fetch(`${t.api.baseUrl}/api/v1/me/pictures`, {
          method: 'POST',
          headers: { authorization: `Bearer ${owner.token}` },
          body: second,
        })
      ).status,
    ).toBe(201);
    const before = (await t.api.get('/api/v1/me', owner.token)).body;
    expect(before.pictures).toHaveLength(2);
    const socket = await SocketClient.open(t.api.baseUrl, { token: owner.token });

    const removed = await t.api.delete(
      `/api/v1/admin/users/${owner.id}/pictures/${before.profilePictureId}`,
      { reason: 'Not you' },
      mod.token,
    );
    expect(removed.status).toBe(204);
    const after = (await t.api.get('/api/v1/me', owner.token)).body;
    expect(after.pictures.map((p: any) => p.id)).toEqual([before.pictures[1].id]);
    expect(after.profilePictureId).toBe(before.pictures[1].id);
    expect((await fetch(before.pictures[0].url)).status).toBe(404);
    const frame = await socket.next('notification', (n) => n.type === 'moderation');
    expect(frame.data.actor).toBeNull();
    const listed = (await t.api.get('/api/v1/notifications', owner.token)).body.items[0];
    expect(listed).toMatchObject({ type: 'moderation', actor: null });
    expectProblem(
      await t.api.delete(
        `/api/v1/admin/users/${owner.id}/pictures/${before.profilePictureId}`,
        { reason: 'Again' },
        mod.token,
      ),
      404,
      'PICTURE_NOT_FOUND',
    );

    // The last picture gone: no longer complete, no longer discoverable.
    await t.api.delete(
      `/api/v1/admin/users/${owner.id}/pictures/${after.profilePictureId}`,
      { reason: 'Not you either' },
      mod.token,
    );
    expect((await t.api.get('/api/v1/me', owner.token)).body).toMatchObject({
      profilePictureId: null,
      profileComplete: false,
    });
    socket.ws.close();
  });

  it('lists every action newest first, with who, what, whom, why, until, when; and cannot be changed over the API', async () => {
    const page = await t.api.get('/api/v1/admin/audit?limit=100', mod.token);
    const entries = page.body.items as any[];
    expect(entries[0]).toMatchObject({
      action: 'remove-picture',
      reason: 'Not you either',
      moderator: { id: mod.id },
    });
    expect(new Set(entries.map((e) => e.action))).toEqual(
      new Set(['dismiss', 'suspend', 'ban', 'lift', 'remove-picture']),
    );
    const times = entries.map((e) => Date.parse(e.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    for (const method of ['PUT', 'PATCH', 'DELETE', 'POST'])
      expect(
        (await t.api.request(method, '/api/v1/admin/audit', { body: {}, token: mod.token })).status,
      ).toBe(405);
  });
});

async function relogin(m: Member): Promise<Pick<Member, 'token' | 'refreshToken'>> {
  const { body } = await t.api.post('/api/v1/auth/login', { username: m.username, password: PASSWORD });
  return { token: body.accessToken, refreshToken: body.refreshToken };
}
