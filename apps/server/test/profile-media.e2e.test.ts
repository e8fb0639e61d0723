import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { PASSWORD, expectProblem, newMember, signUp, startTestServer, type TestServer } from './harness.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ label: 'profile_media', env: { TRUST_PROXY: 'true' } });
});
afterAll(() => t?.stop());

const jpeg = (width = 640, height = 480) =>
  sharp({ create: { width, height, channels: 3, background: { r: 10, g: 120, b: 200 } } })
    .jpeg()
    .withExif({ IFD0: { Copyright: 'exif-secret' } })
    .toBuffer();

async function upload(token: string, bytes: Uint8Array, name = 'me.jpg', type = 'image/jpeg') {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type }), name);
  const response = await fetch(`${t.api.baseUrl}/api/v1/me/pictures`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  return { status: response.status, body: (await response.json()) as any, headers: response.headers };
}

describe('pictures', () => {
  it('stores a re-encoded picture without metadata, served publicly with its type, nosniff and long caching', async () => {
    const { login } = await signUp(t);
    const answer = await upload(login.accessToken, await jpeg());
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      id: expect.any(String),
      width: 640,
      height: 480,
      isProfilePicture: true,
    });
    expect(answer.body.url).toMatch(new RegExp(`^${t.api.baseUrl}/media/[A-Za-z0-9_-]{43}\\.jpg$`));

    const media = await fetch(answer.body.url);
    expect(media.status).toBe(200);
    expect(media.headers.get('content-type')).toBe('image/jpeg');
    expect(media.headers.get('x-content-type-options')).toBe('nosniff');
    expect(media.headers.get('cache-control')).toContain('max-age=31536000');
    const bytes = Buffer.from(await media.arrayBuffer());
    expect(bytes.includes(Buffer.from('exif-secret'))).toBe(false);

    const me = (await t.api.get('/api/v1/me', login.accessToken)).body;
    expect(me.profilePictureId).toBe(answer.body.id);
    expect(me.pictures).toEqual([answer.body]);
  });

  it('keeps at most 5, refuses what is not a picture, too large, or not multipart', async () => {
    const { login } = await signUp(t);
    const picture = await jpeg(64, 64);
    for (let i = 0; i < 5; i++) expect((await upload(login.accessToken, picture)).status).toBe(201);
    const sixth = await upload(login.accessToken, picture);
    expect(sixth.status).toBe(409);
    expect(sixth.body.code).toBe('TOO_MANY_PICTURES');

    const { login: other } = await signUp(t);
    const text = await upload(
      other.accessToken,
      new TextEncoder().encode('just text, named like a picture'),
      'cat.jpg',
    );
    expect([text.status, text.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const huge = await upload(other.accessToken, new Uint8Array(11 * 1024 * 1024));
    expect([huge.status, huge.body.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    expectProblem(
      await t.api.post('/api/v1/me/pictures', { file: 'x' }, other.accessToken),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    const empty = await fetch(`${t.api.baseUrl}/api/v1/me/pictures`, {
      method: 'POST',
      headers: { authorization: `Bearer ${other.accessToken}` },
      body: new FormData(),
    });
    expect(empty.status).toBe(400);
    expect((await t.api.get('/api/v1/me', other.accessToken)).body.pictures).toEqual([]);
    const anonymous = await fetch(`${t.api.baseUrl}/api/v1/me/pictures`, {
      method: 'POST',
      body: new FormData(),
    });
    expect(anonymous.status).toBe(401);
  });

  it('deletes a picture and its file; the oldest remaining one becomes the profile picture', async () => {
    const { login } = await signUp(t);
    const a = (await upload(login.accessToken, await jpeg(100, 100))).body;
    const b = (await upload(login.accessToken, await jpeg(120, 100))).body;
    const c = (await upload(login.accessToken, await jpeg(140, 100))).body;
    const chosen = await t.api.put('/api/v1/me/profile-picture', { pictureId: c.id }, login.accessToken);
    expect(chosen.body.profilePictureId).toBe(c.id);
    expect((await t.api.delete(`/api/v1/me/pictures/${c.id}`, undefined, login.accessToken)).status).toBe(
      204,
    );
    expect((await fetch(c.url)).status).toBe(404);
    const me = (await t.api.get('/api/v1/me', login.accessToken)).body;
    expect(me.profilePictureId).toBe(a.id);
    expect(me.pictures.map((p: { id: string }) => p.id)).toEqual([a.id, b.id]);

    const { login: other } = await signUp(t);
    expectProblem(
      await t.api.delete(`/api/v1/me/pictures/${a.id}`, undefined, other.accessToken),
      404,
      'PICTURE_NOT_FOUND',
    );
    expectProblem(
      await t.api.put('/api/v1/me/profile-picture', { pictureId: a.id }, other.accessToken),
      404,
      'PICTURE_NOT_FOUND',
    );
    expectProblem(
      await t.api.delete(`/api/v1/me/pictures/${c.id}`, undefined, login.accessToken),
      404,
      'PICTURE_NOT_FOUND',
    );
    expect((await fetch(`${t.api.baseUrl}/media/..%2F..%2Fetc%2Fpasswd`)).status).toBe(404);
  });
});

describe('location and completeness', () => {
  it('sets a position, validates it, and completes the profile', async () => {
    const { login } = await signUp(t);
    const bad = await t.api.put(
      '/api/v1/me/location',
      { latitude: 95, longitude: 'east' },
      login.accessToken,
    );
    expectProblem(bad, 400, 'VALIDATION_FAILED');
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['/latitude', '/longitude']);
    const set = await t.api.put(
      '/api/v1/me/location',
      { latitude: 48.8566, longitude: 2.3522 },
      login.accessToken,
    );
    expect(set.status).toBe(200);
    expect(set.body.location).toEqual({ latitude: 48.8566, longitude: 2.3522, source: 'manual', city: null });
    expect(set.body.profileComplete).toBe(false);

    await t.api.patch(
      '/api/v1/me',
      { gender: 'female', birthDate: '1995-03-04', biography: 'Hi', interests: ['tea'] },
      login.accessToken,
    );
    expect((await t.api.get('/api/v1/me', login.accessToken)).body.profileComplete).toBe(false);
    await upload(login.accessToken, await jpeg());
    const me = (await t.api.get('/api/v1/me', login.accessToken)).body;
    expect(me.profileComplete).toBe(true);
    expect(me.fameRating).toBeGreaterThan(0);
  });

  it('approximates a position from the IP address at login, only for members without one', async () => {
    const member = newMember('geo');
    const { login: first } = await signUp(t, member);
    expect((await t.api.get('/api/v1/me', first.accessToken)).body.location).toBeNull();
    const login = await t.api.request('POST', '/api/v1/auth/login', {
      body: { username: member.username, password: PASSWORD },
      headers: { 'x-forwarded-for': '81.2.69.160' },
    });
    expect(login.body.user.location).toMatchObject({ source: 'ip', city: 'Bracknell' });
    await t.api.put(
      '/api/v1/me/location',
      { latitude: 1, longitude: 2, source: 'gps' },
      login.body.accessToken,
    );
    const again = await t.api.request('POST', '/api/v1/auth/login', {
      body: { username: member.username, password: PASSWORD },
      headers: { 'x-forwarded-for': '81.2.69.160' },
    });
    expect(again.body.user.location).toMatchObject({ source: 'gps', latitude: 1, longitude: 2 });
  });
});

describe('interests autocomplete', () => {
  it('suggests normalised tags in use, most used first', async () => {
    const a = await signUp(t);
    const b = await signUp(t);
    await t.api.patch('/api/v1/me', { interests: ['#Zumba', 'zucchini'] }, a.login.accessToken);
    await t.api.patch('/api/v1/me', { interests: ['ZUMBA'] }, b.login.accessToken);
    const answer = await t.api.get('/api/v1/interests?prefix=%23zu&limit=5', a.login.accessToken);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      items: [
        { name: 'zumba', count: 2 },
        { name: 'zucchini', count: 1 },
      ],
    });
    expectProblem(
      await t.api.get('/api/v1/interests?limit=0', a.login.accessToken),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(await t.api.get('/api/v1/interests'), 401, 'UNAUTHENTICATED');
  });
});
