import sharp from 'sharp';
import { newMember, signUp, type TestServer } from '../harness.js';

/** Not any example of the document: a fuzzed DELETE /me or password change must not guess it. */
export const FUZZ_PASSWORD = 'only the fuzz world knows this one 2026';

export interface FuzzMember {
  id: string;
  username: string;
  email: string;
  token: string;
  refreshToken: string;
}

/** Ids the fuzzer has seen, by what they name: requests draw from them, answers add to them. */
export class Pools {
  readonly users = new Set<string>();
  readonly conversations = new Set<string>();
  readonly messages = new Set<string>();
  readonly pictures = new Set<string>();
  readonly notifications = new Set<string>();
  /** `nextCursor`s answered, by operation. */
  readonly cursors = new Map<string, string[]>();

  learnCursor(operationId: string, body: unknown): void {
    const cursor = (body as { nextCursor?: unknown } | null)?.nextCursor;
    if (typeof cursor !== 'string') return;
    const known = this.cursors.get(operationId) ?? [];
    if (known.length < 50) this.cursors.set(operationId, [...known, cursor]);
  }

  /** Learns the ids an answer carries. */
  learn(body: unknown): void {
    const visit = (value: unknown, key: string | null) => {
      if (Array.isArray(value)) return value.forEach((v) => visit(v, key));
      if (value === null || typeof value !== 'object') return;
      const o = value as Record<string, unknown>;
      if (typeof o.id === 'string') {
        if ('kind' in o && 'participants' in o) this.conversations.add(o.id);
        else if ('conversationId' in o && 'content' in o) this.messages.add(o.id);
        else if ('url' in o && 'width' in o) this.pictures.add(o.id);
        else if ('type' in o && 'actor' in o) this.notifications.add(o.id);
        else if ('username' in o) {
          this.users.add(o.id);
          this.users.add(o.username as string);
        }
      }
      for (const [k, v] of Object.entries(o)) visit(v, k);
    };
    visit(body, null);
  }
}

export const jpeg = () =>
  sharp({ create: { width: 64, height: 48, channels: 3, background: '#3a7' } })
    .jpeg()
    .toBuffer();

/**
 * Members in the states real ones are in: complete profiles near each
 * other, connected pairs, a group, messages, pictures, likes, visits and
 * notifications, so that fuzzed requests reach past the first checks.
 */
export async function buildWorld(t: TestServer, count = 6): Promise<{ members: FuzzMember[]; pools: Pools }> {
  const pools = new Pools();
  const members: FuzzMember[] = [];
  const picture = await jpeg();
  for (let i = 0; i < count; i++) {
    const { member, login } = await signUp(t, { ...newMember('fuzz'), password: FUZZ_PASSWORD });
    const token = login.accessToken;
    await t.api.patch(
      '/api/v1/me',
      {
        gender: i % 2 === 0 ? 'female' : 'male',
        birthDate: `${1985 + i}-03-0${1 + i}`,
        biography: `Fuzz member ${i}`,
        interests: ['tea', i % 2 ? 'hiking' : 'chess'],
      },
      token,
    );
    await t.api.put('/api/v1/me/location', { latitude: 48.85 + i * 0.01, longitude: 2.35 }, token);
    const form = new FormData();
    form.append('file', new Blob([picture], { type: 'image/jpeg' }), 'p.jpg');
    const uploaded = await fetch(`${t.api.baseUrl}/api/v1/me/pictures`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    pools.learn(await uploaded.json());
    members.push({
      id: login.user.id,
      username: member.username,
      email: member.email,
      token,
      refreshToken: login.refreshToken,
    });
    pools.users.add(login.user.id).add(member.username);
  }
  const like = (a: FuzzMember, b: FuzzMember) =>
    t.api.post(`/api/v1/users/${b.username}/like`, undefined, a.token);
  for (const [a, b] of [
    [0, 1],
    [0, 2],
    [1, 2],
    [3, 4],
  ] as const) {
    await like(members[a]!, members[b]!);
    await like(members[b]!, members[a]!);
  }
  await like(members[5]!, members[0]!);
  await t.api.get(`/api/v1/users/${members[0]!.username}`, members[3]!.token);
  const [m0, m1, m2] = members as [FuzzMember, FuzzMember, FuzzMember];
  for (let n = 0; n < 5; n++) {
    pools.learn(
      (await t.api.post(`/api/v1/users/${m1.username}/messages`, { content: `hello ${n}` }, m0.token)).body,
    );
    pools.learn(
      (await t.api.post(`/api/v1/users/${m0.username}/messages`, { content: `hi ${n}` }, m1.token)).body,
    );
  }
  const group = await t.api.post(
    '/api/v1/conversations',
    { title: 'Fuzz group', participants: [m1.username, m2.username] },
    m0.token,
  );
  pools.learn(group.body);
  pools.learn(
    (
      await t.api.post(
        `/api/v1/conversations/${group.body.id}/messages`,
        { content: 'group hello' },
        m2.token,
      )
    ).body,
  );
  for (const m of members) pools.learn((await t.api.get('/api/v1/notifications', m.token)).body);
  return { members, pools };
}
