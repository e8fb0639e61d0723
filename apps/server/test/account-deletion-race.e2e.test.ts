import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, startTestServer, type Answer, type TestServer } from './harness.js';
import { completeMember, connect } from './members.js';

/**
 * A member deletes their account while their other devices, and the members
 * they talk to, keep sending requests that write rows referencing them
 * (likes, visits, reports, messages, profile changes): every request is
 * answered as the contract says (done, 401, 404), with a status the OpenAPI
 * document names for its route, none with a 500.
 */
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ label: 'deletion_race' });
});
afterAll(() => t?.stop());

describe('deleting an account under traffic', () => {
  it('answers every request racing the deletion below 500', async () => {
    const statuses = new Map<number, number>();
    const undocumented = new Set<string>();
    const document = (await t.api.get('/openapi.json')).body as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }> | undefined>;
    };
    for (let round = 0; round < 4; round++) {
      const [leaving, partner, other] = [
        await completeMember(t),
        await completeMember(t),
        await completeMember(t),
      ];
      await connect(t, leaving, partner);
      // [operation, answer]: each status is checked against what the document says the route answers.
      const requests = (): Promise<[string, Answer]>[] =>
        (
          [
            [
              'POST /api/v1/users/{ref}/like',
              t.api.post(`/api/v1/users/${other.username}/like`, undefined, leaving.token),
            ],
            ['GET /api/v1/users/{ref}', t.api.get(`/api/v1/users/${other.username}`, leaving.token)],
            [
              'POST /api/v1/users/{ref}/report',
              t.api.post(`/api/v1/users/${other.username}/report`, { reason: 'fake' }, leaving.token),
            ],
            [
              'POST /api/v1/users/{ref}/messages',
              t.api.post(
                `/api/v1/users/${partner.username}/messages`,
                { content: 'still here' },
                leaving.token,
              ),
            ],
            ['PATCH /api/v1/me', t.api.patch('/api/v1/me', { biography: `round ${round}` }, leaving.token)],
            [
              'PUT /api/v1/me/location',
              t.api.put('/api/v1/me/location', { latitude: 45.76, longitude: 4.83 }, leaving.token),
            ],
            [
              'POST /api/v1/users/{ref}/messages',
              t.api.post(
                `/api/v1/users/${leaving.username}/messages`,
                { content: 'are you there' },
                partner.token,
              ),
            ],
            ['GET /api/v1/users/{ref}', t.api.get(`/api/v1/users/${leaving.username}`, other.token)],
            [
              'POST /api/v1/users/{ref}/like',
              t.api.post(`/api/v1/users/${leaving.username}/like`, undefined, other.token),
            ],
            [
              'POST /api/v1/users/{ref}/block',
              t.api.post(`/api/v1/users/${leaving.username}/block`, undefined, other.token),
            ],
          ] as const
        ).map(async ([operation, answer]) => [operation, await answer] as [string, Answer]);
      let deleted = false;
      const deletion = t.api.delete('/api/v1/me', { password: PASSWORD }, leaving.token).then((answer) => {
        deleted = true;
        return answer;
      });
      // Waves of requests until a little after the deletion has answered.
      const waves: Promise<[string, Answer][]>[] = [];
      for (let wave = 0; wave < 40 && !(deleted && wave > 5); wave++) {
        waves.push(Promise.all(requests()));
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
      expect((await deletion).status).toBe(204);
      for (const [operation, answer] of (await Promise.all(waves)).flat()) {
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        const [method, path] = operation.split(' ') as [string, string];
        const documented = Object.keys(document.paths[path]?.[method.toLowerCase()]?.responses ?? {});
        if (!documented.includes(String(answer.status)))
          undocumented.add(`${operation} answered ${answer.status} ${answer.body?.code ?? ''}`);
      }
    }
    expect([...statuses.keys()].filter((status) => status >= 500)).toEqual([]);
    expect([...undocumented]).toEqual([]);
    // Both sides of the race were reached: requests that succeeded, and requests refused once the account was gone.
    expect([...statuses.keys()].some((status) => status < 300)).toBe(true);
    expect(statuses.get(401) ?? 0).toBeGreaterThan(0);
  });
});
