import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, signUp, startTestServer, type TestServer } from './harness.js';
import { completeMember, type Member } from './members.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ label: 'social' });
});
afterAll(() => t?.stop());

/** A verified member with a complete profile at the given position. */
const member = (
  latitude: number,
  longitude: number,
  interests: string[],
  profile: Record<string, unknown> = {},
) => completeMember(t, latitude, longitude, interests, profile);

const notifications = async (token: string) => (await t.api.get('/api/v1/notifications', token)).body;

describe('profiles, likes, matches, blocks, reports, visits and notifications', () => {
  describe('two members: visit, like → match (both told), unlike, block hides, report', () => {
    let ann: Member, bob: Member;

    it('a profile view is a visit, told once; distance in whole km; no email or coordinates', async () => {
      ann = await member(48.8566, 2.3522, ['chess', 'tea', 'hiking']);
      bob = await member(48.8049, 2.1204, ['tea', 'hiking', 'rust']);
      const view = await t.api.get(`/api/v1/users/${bob.username.toUpperCase()}`, ann.token);
      expect(view.status).toBe(200);
      expect(view.body).toMatchObject({
        id: bob.id,
        username: bob.username,
        commonInterests: ['tea', 'hiking'],
        likedByMe: false,
        connected: false,
      });
      expect(view.body.distanceKm).toBeGreaterThanOrEqual(17);
      expect(view.body.distanceKm).toBeLessThanOrEqual(19);
      expect(JSON.stringify(view.body)).not.toMatch(/email|latitude|longitude|2\.1204/);
      await t.api.get(`/api/v1/users/${bob.id}`, ann.token);
      const bobNotes = await notifications(bob.token);
      expect(bobNotes.items.filter((n: { type: string }) => n.type === 'visit')).toHaveLength(1);
      expect(bobNotes.items[0].actor).toMatchObject({ id: ann.id, username: ann.username });
      const visitors = (await t.api.get('/api/v1/me/visitors', bob.token)).body;
      expect(visitors.items).toEqual([
        { user: expect.objectContaining({ id: ann.id }), visitedAt: expect.any(String) },
      ]);
    });

    it('a like, then a like back: a match for both', async () => {
      expect((await t.api.post(`/api/v1/users/${bob.username}/like`, undefined, ann.token)).body).toEqual({
        liked: true,
        connected: false,
      });
      expect((await t.api.post(`/api/v1/users/${bob.username}/like`, undefined, ann.token)).body).toEqual({
        liked: true,
        connected: false,
      });
      expect((await notifications(bob.token)).items[0]).toMatchObject({
        type: 'like',
        actor: { id: ann.id },
      });
      expect((await t.api.post(`/api/v1/users/${ann.username}/like`, undefined, bob.token)).body).toEqual({
        liked: true,
        connected: true,
      });
      expect((await notifications(ann.token)).items[0]).toMatchObject({
        type: 'match',
        actor: { id: bob.id },
      });
      expect((await notifications(bob.token)).items[0]).toMatchObject({
        type: 'match',
        actor: { id: ann.id },
      });
      expect(
        (await t.api.get('/api/v1/me/matches', ann.token)).body.items.map((u: { id: string }) => u.id),
      ).toEqual([bob.id]);
      expect((await t.api.get(`/api/v1/users/${bob.username}`, ann.token)).body).toMatchObject({
        likedByMe: true,
        likesMe: true,
        connected: true,
      });
      expect((await t.api.get('/api/v1/me', bob.token)).body.fameRating).toBeGreaterThan(3);
    });

    it('an unlike tells the other; afterwards their likes and visits no longer notify', async () => {
      expect((await t.api.delete(`/api/v1/users/${bob.username}/like`, undefined, ann.token)).body).toEqual({
        liked: false,
        connected: false,
      });
      expect((await notifications(bob.token)).items[0]).toMatchObject({
        type: 'unlike',
        actor: { id: ann.id },
      });
      const annBefore = (await notifications(ann.token)).items.length;
      await t.api.delete(`/api/v1/users/${ann.username}/like`, undefined, bob.token);
      await t.api.post(`/api/v1/users/${ann.username}/like`, undefined, bob.token);
      await t.api.get(`/api/v1/users/${ann.username}`, bob.token);
      expect((await notifications(ann.token)).items).toHaveLength(annBefore);
    });

    it('a report is never told; a block hides both ways, at once and retroactively; both undo', async () => {
      expect(
        (await t.api.post(`/api/v1/users/${bob.username}/report`, { reason: 'fake pictures' }, ann.token))
          .body,
      ).toEqual({ reported: true });
      expect((await t.api.get(`/api/v1/users/${bob.username}`, ann.token)).body.reportedByMe).toBe(true);
      expect((await t.api.post(`/api/v1/users/${bob.username}/block`, undefined, ann.token)).body).toEqual({
        blocked: true,
      });
      expectProblem(await t.api.get(`/api/v1/users/${bob.username}`, ann.token), 404, 'USER_NOT_FOUND');
      expectProblem(await t.api.get(`/api/v1/users/${ann.username}`, bob.token), 404, 'USER_NOT_FOUND');
      expectProblem(
        await t.api.post(`/api/v1/users/${ann.username}/like`, undefined, bob.token),
        404,
        'USER_NOT_FOUND',
      );
      expect(
        (await notifications(bob.token)).items.some((n: { actor: { id: string } }) => n.actor.id === ann.id),
      ).toBe(false);
      expect((await t.api.get('/api/v1/me/visitors', bob.token)).body.items).toEqual([]);
      expect((await t.api.get('/api/v1/me/likers', ann.token)).body.items).toEqual([]);
      expect(
        (await t.api.get('/api/v1/me/blocked', ann.token)).body.items.map((u: { id: string }) => u.id),
      ).toEqual([bob.id]);
      // /block and /report still find a member across a block.
      expect((await t.api.delete(`/api/v1/users/${bob.username}/report`, undefined, ann.token)).body).toEqual(
        {
          reported: false,
        },
      );
      expect((await t.api.delete(`/api/v1/users/${bob.username}/block`, undefined, ann.token)).body).toEqual({
        blocked: false,
      });
      expect((await t.api.get(`/api/v1/users/${bob.username}`, ann.token)).status).toBe(200);
    });
  });

  it('needs a profile picture to like; refuses oneself; 404 for the unknown', async () => {
    const { login } = await signUp(t);
    const other = await member(1, 1, ['x']);
    expectProblem(
      await t.api.post(`/api/v1/users/${other.username}/like`, undefined, login.accessToken),
      403,
      'PROFILE_PICTURE_REQUIRED',
    );
    expectProblem(
      await t.api.post(`/api/v1/users/${login.user.id}/like`, undefined, login.accessToken),
      400,
      'CANNOT_TARGET_SELF',
    );
    expectProblem(
      await t.api.post(`/api/v1/users/${other.username}/block`, undefined, other.token),
      400,
      'CANNOT_TARGET_SELF',
    );
    expectProblem(await t.api.get('/api/v1/users/nobody_here', login.accessToken), 404, 'USER_NOT_FOUND');
    expectProblem(
      await t.api.get('/api/v1/users/not-a-uuid-but-much-longer-than-thirty-characters', login.accessToken),
      404,
      'USER_NOT_FOUND',
    );
    expectProblem(
      await t.api.post('/api/v1/users/nobody_here/report', {}, login.accessToken),
      404,
      'USER_NOT_FOUND',
    );
  });

  it('pages notifications and marks them read by ids, upTo and all; cursors are bound to their filters', async () => {
    const target = await member(10, 10, ['a']);
    const fans = [
      await member(10.1, 10, ['a']),
      await member(10.2, 10, ['a']),
      await member(10.3, 10, ['a']),
    ];
    for (const fan of fans) await t.api.post(`/api/v1/users/${target.username}/like`, undefined, fan.token);
    const first = (await t.api.get('/api/v1/notifications?limit=2', target.token)).body;
    expect(first.items).toHaveLength(2);
    expect(first.unreadCount).toBe(3);
    const second = (await t.api.get(`/api/v1/notifications?limit=2&cursor=${first.nextCursor}`, target.token))
      .body;
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...first.items, ...second.items].map((n: { id: string }) => n.id)).size).toBe(3);
    expectProblem(
      await t.api.get(`/api/v1/notifications?unread=true&cursor=${first.nextCursor}`, target.token),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await t.api.get('/api/v1/notifications?cursor=garbage', target.token),
      400,
      'VALIDATION_FAILED',
    );

    const newest = first.items[0].id;
    expect(
      (await t.api.post('/api/v1/notifications/read', { ids: [newest, 'not-an-id'] }, target.token)).status,
    ).toBe(204);
    expect((await t.api.get('/api/v1/notifications?unread=true', target.token)).body.unreadCount).toBe(2);
    await t.api.post('/api/v1/notifications/read', { upTo: first.items[1].id }, target.token);
    expect((await t.api.get('/api/v1/notifications?unread=true', target.token)).body.items).toHaveLength(0);
    await t.api.post(`/api/v1/users/${target.username}/like`, undefined, fans[0]!.token);
    await t.api.get(`/api/v1/users/${target.username}`, fans[1]!.token);
    await t.api.post('/api/v1/notifications/read', {}, target.token);
    expect((await t.api.get('/api/v1/notifications', target.token)).body.unreadCount).toBe(0);
    const likers = (await t.api.get('/api/v1/me/likers?limit=2', target.token)).body;
    expect(likers.items).toHaveLength(2);
    expect(likers.items[0]).toEqual({
      // Online means a socket is open (the fans only made requests).
      user: expect.objectContaining({ online: false }),
      likedAt: expect.any(String),
    });
  });
});

describe('discovery', () => {
  it('suggests compatible, complete members nearby, best first, without those already liked; searches near a point', async () => {
    // A town of its own, far from the other tests' members.
    const at = (dLat: number) => [-33.9 + dLat, 151.2] as const;
    const viewer = await member(...at(0), ['surf', 'coffee', 'books'], {
      gender: 'male',
      sexualPreference: ['female'],
    });
    const close = await member(...at(0.01), ['surf', 'coffee'], { sexualPreference: ['male'] });
    const closeFewer = await member(...at(0.02), ['surf'], { sexualPreference: ['male'] });
    const farther = await member(...at(0.3), ['surf', 'coffee', 'books'], { sexualPreference: ['male'] });
    const seeksWomen = await member(...at(0.01), ['surf'], { sexualPreference: ['female'] });
    const man = await member(...at(0.01), ['surf'], { gender: 'male', sexualPreference: ['male'] });
    const tooFar = await member(...at(3), ['surf'], { sexualPreference: ['male'] });

    const suggestions = await t.api.get('/api/v1/suggestions', viewer.token);
    expect(suggestions.status).toBe(200);
    const ids = suggestions.body.items.map((u: { id: string }) => u.id);
    expect(ids.slice(0, 3)).toEqual([close.id, closeFewer.id, farther.id]);
    for (const hidden of [seeksWomen.id, man.id, tooFar.id, viewer.id]) expect(ids).not.toContain(hidden);
    expect(suggestions.body.items[0]).toMatchObject({ distanceKm: 1, commonInterests: ['surf', 'coffee'] });

    await t.api.post(`/api/v1/users/${close.username}/like`, undefined, viewer.token);
    const after = (await t.api.get('/api/v1/suggestions', viewer.token)).body.items.map(
      (u: { id: string }) => u.id,
    );
    expect(after).not.toContain(close.id);
    const search = await t.api.get(
      `/api/v1/search?maxDistanceKm=50&interests=surf&sort=distance`,
      viewer.token,
    );
    expect(search.body.items.map((u: { id: string }) => u.id).slice(0, 3)).toEqual([
      close.id,
      closeFewer.id,
      farther.id,
    ]);
    const nearFar = await t.api.get(`/api/v1/search?near=${at(0.3).join(',')}&maxDistanceKm=5`, viewer.token);
    expect(nearFar.body.items.map((u: { id: string }) => u.id)).toEqual([farther.id]);
    expect(nearFar.body.items[0].distanceKm).toBe(1);

    const first = (await t.api.get('/api/v1/search?maxDistanceKm=50&limit=1', viewer.token)).body;
    const second = (
      await t.api.get(`/api/v1/search?maxDistanceKm=50&limit=1&cursor=${first.nextCursor}`, viewer.token)
    ).body;
    expect(second.items[0].id).not.toBe(first.items[0].id);
    expectProblem(
      await t.api.get(`/api/v1/search?maxDistanceKm=40&limit=1&cursor=${first.nextCursor}`, viewer.token),
      400,
      'VALIDATION_FAILED',
    );
    await t.api.post(`/api/v1/users/${farther.username}/block`, undefined, viewer.token);
    expect(
      (await t.api.get('/api/v1/search?maxDistanceKm=50', viewer.token)).body.items.map(
        (u: { id: string }) => u.id,
      ),
    ).not.toContain(farther.id);
  });

  it('pages a browse so that each member shows once, even when fame changes between pages', async () => {
    // A town of its own. Sorted by fame: liking the last one between two pages lifts it above
    // members already shown; it must come next, not be skipped (nor anyone be shown twice).
    const at = (dLat: number) => [-37.8 + dLat, 144.9] as const;
    const viewer = await member(...at(0), ['surf'], { gender: 'male', sexualPreference: ['female'] });
    const candidates = [
      await member(...at(0.01), ['surf'], { sexualPreference: ['male'] }),
      await member(...at(0.02), ['surf'], { sexualPreference: ['male'] }),
      await member(...at(0.03), ['surf'], { sexualPreference: ['male'] }),
    ];
    const fans = [await member(...at(0.5), ['surf']), await member(...at(0.5), ['surf'])];
    const path = '/api/v1/search?maxDistanceKm=20&sort=fame&limit=1';
    const whole = (await t.api.get(path.replace('limit=1', 'limit=10'), viewer.token)).body.items.map(
      (u: { id: string }) => u.id,
    );
    expect(new Set(whole)).toEqual(new Set(candidates.map((c) => c.id)));
    const last = candidates.find((c) => c.id === whole[2])!;

    const first = (await t.api.get(path, viewer.token)).body;
    expect(first.items.map((u: { id: string }) => u.id)).toEqual([whole[0]]);
    for (const fan of fans) await t.api.post(`/api/v1/users/${last.username}/like`, undefined, fan.token);
    const second = (await t.api.get(`${path}&cursor=${first.nextCursor}`, viewer.token)).body;
    expect(second.items.map((u: { id: string }) => u.id)).toEqual([last.id]);
    // Asked again (a retry), the page shows the same member.
    const retried = (await t.api.get(`${path}&cursor=${first.nextCursor}`, viewer.token)).body;
    expect(retried).toEqual(second);
    const third = (await t.api.get(`${path}&cursor=${second.nextCursor}`, viewer.token)).body;
    expect(third.items.map((u: { id: string }) => u.id)).toEqual([whole[1]]);
    expect(third.nextCursor).toBeNull();

    // A browse is its member's own: someone else's cursor is refused.
    expectProblem(
      await t.api.get(`${path}&cursor=${first.nextCursor}`, fans[0]!.token),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('needs a complete profile and valid parameters', async () => {
    const { login } = await signUp(t);
    expectProblem(await t.api.get('/api/v1/suggestions', login.accessToken), 403, 'PROFILE_INCOMPLETE');
    const viewer = await member(5, 5, ['x']);
    for (const query of ['ageGap=31', 'maxDistanceKm=0', 'sort=random', 'ageMin=30', 'colour=blue']) {
      expectProblem(await t.api.get(`/api/v1/suggestions?${query}`, viewer.token), 400, 'VALIDATION_FAILED');
    }
    const bad = await t.api.get('/api/v1/search?ageMin=40&ageMax=30&near=91,0', viewer.token);
    expectProblem(bad, 400, 'VALIDATION_FAILED');
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['?ageMin', '?near']);
    expectProblem(await t.api.get('/api/v1/search'), 401, 'UNAUTHENTICATED');
  });
});
