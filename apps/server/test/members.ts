import sharp from 'sharp';
import { expect } from 'vitest';
import { signUp, type TestServer } from './harness.js';

const picture = () =>
  sharp({ create: { width: 64, height: 64, channels: 3, background: '#c36' } })
    .jpeg()
    .toBuffer();

export interface Member {
  readonly id: string;
  readonly username: string;
  readonly email: string;
  readonly token: string;
  readonly refreshToken: string;
}

/** A verified member with a complete profile (and a profile picture) at the given position. */
export async function completeMember(
  t: TestServer,
  latitude = 48.8566,
  longitude = 2.3522,
  interests: string[] = ['tea'],
  profile: Record<string, unknown> = {},
): Promise<Member> {
  const { member: m, login } = await signUp(t);
  const token = login.accessToken;
  await t.api.patch(
    '/api/v1/me',
    { gender: 'female', birthDate: '1994-06-01', biography: 'Hello', interests, ...profile },
    token,
  );
  await t.api.put('/api/v1/me/location', { latitude, longitude }, token);
  const form = new FormData();
  form.append('file', new Blob([await picture()], { type: 'image/jpeg' }), 'p.jpg');
  const uploaded = await fetch(`${t.api.baseUrl}/api/v1/me/pictures`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  expect(uploaded.status).toBe(201);
  return { ...m, id: login.user.id, token, refreshToken: login.refreshToken };
}

/** Both like each other. */
export async function connect(t: TestServer, a: Member, b: Member): Promise<void> {
  expect((await t.api.post(`/api/v1/users/${b.username}/like`, undefined, a.token)).status).toBe(200);
  expect((await t.api.post(`/api/v1/users/${a.username}/like`, undefined, b.token)).body.connected).toBe(
    true,
  );
}
