import sharp from 'sharp';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  KindredError,
  createKindredClient,
  type KindredClient,
  type KindredClientOptions,
  type Message,
  type WebSocketConstructor,
} from '@kindred/client';
import { API_VERSION } from '@kindred/adapters-http';
import { buildAsyncApiDocument } from '@kindred/protocol';
import { ShiftedClock } from '../../../test-support/shifted-clock.js';
import { TcpProxy } from '../../../test-support/tcp-proxy.js';
import { PASSWORD, newMember, startTestServer, type TestServer } from './harness.js';

/** The SDK in Node, as a bot would use it, against the real server behind a proxy that can cut the network. */
let t: TestServer;
let proxy: TcpProxy;
const clock = new ShiftedClock();
beforeAll(async () => {
  t = await startTestServer({ label: 'sdk', clock });
  proxy = await new TcpProxy({ host: '127.0.0.1', port: t.server.port }).start();
});
afterAll(async () => {
  await proxy?.stop();
  await t?.stop();
});

/** Counts the SDK's calls by path, to see what it spends. */
function countingFetch() {
  const calls: string[] = [];
  const counted: typeof fetch = (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    calls.push(new URL(url).pathname);
    return fetch(input, init);
  };
  return { calls, fetch: counted };
}

const sdk = (options: Partial<KindredClientOptions> = {}) =>
  createKindredClient({
    baseUrl: proxy.url,
    WebSocket: WebSocket as unknown as WebSocketConstructor,
    realtime: { pingIntervalMs: 300, pongTimeoutMs: 300, backoff: { initialMs: 20, maxMs: 500 } },
    ...options,
  });

const picture = () =>
  sharp({ create: { width: 64, height: 64, channels: 3, background: '#36c' } })
    .jpeg()
    .toBuffer();

/** Registers, verifies (the link from the SMTP catcher), logs in and completes a profile, all through the SDK. */
async function member(client: KindredClient, prefix: string) {
  const m = newMember(prefix);
  await client.api.POST('/api/v1/auth/register', { body: m });
  const mail = await t.smtp.waitFor(m.email, 'Confirm your email');
  await client.api.POST('/api/v1/auth/verify-email', { body: { token: mail.token! } });
  const me = await client.logIn(m.username, PASSWORD);
  await client.api.PATCH('/api/v1/me', {
    body: { gender: 'female', birthDate: '1994-06-01', biography: 'Hi', interests: ['tea'] },
  });
  await client.api.PUT('/api/v1/me/location', { body: { latitude: 48.85, longitude: 2.35 } });
  const jpeg = await picture();
  const { data: uploaded } = await client.api.POST('/api/v1/me/pictures', {
    body: { file: 'p.jpg' },
    bodySerializer: () => {
      const form = new FormData();
      form.append('file', new Blob([jpeg], { type: 'image/jpeg' }), 'p.jpg');
      return form;
    },
  });
  expect(uploaded?.isProfilePicture).toBe(true);
  return { ...m, id: me.id };
}

async function matched(a: KindredClient, b: KindredClient, bName: string, aName: string) {
  await a.api.POST('/api/v1/users/{ref}/like', { params: { path: { ref: bName } } });
  const { data } = await b.api.POST('/api/v1/users/{ref}/like', { params: { path: { ref: aName } } });
  expect(data?.connected).toBe(true);
}

describe('the documents the SDK is typed from', () => {
  it('/asyncapi.json is the protocol’s document, as served', async () => {
    const served = (await (await fetch(`${t.server.url}/asyncapi.json`)).json()) as any;
    expect(served).toEqual(JSON.parse(JSON.stringify(buildAsyncApiDocument(API_VERSION))));
    expect(served.channels.live.address).toBe('/api/v1/ws');
  });
});

describe('the SDK in Node', () => {
  it('types every call and reports failures as KindredError with the problem document', async () => {
    const client = sdk();
    const weak = await client.api
      .POST('/api/v1/auth/register', {
        body: { ...newMember('weak'), password: 'password' },
      })
      .catch((e: unknown) => e);
    expect(weak).toBeInstanceOf(KindredError);
    expect(weak).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect((weak as KindredError).errors.map((e) => [e.path, e.code])).toContainEqual([
      '/password',
      'WEAK_PASSWORD',
    ]);
    const anonymous = await client.api.GET('/api/v1/me').catch((e: unknown) => e);
    expect(anonymous).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    const wrong = await client.logIn('nobody_at_all', 'not the password').catch((e: unknown) => e);
    expect(wrong).toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS' });
  });

  it('refreshes once for parallel calls after the token expired, and once after a 401', async () => {
    const counted = countingFetch();
    const client = sdk({ fetch: counted.fetch });
    const ann = await member(client, 'expiry');
    // Twenty minutes pass on the server: the access token is dead, the SDK does not know yet.
    clock.advance(20 * 60 * 1000);
    counted.calls.length = 0;
    const answers = await Promise.all(Array.from({ length: 6 }, () => client.api.GET('/api/v1/me')));
    expect(answers.every((a) => a.data?.id === ann.id)).toBe(true);
    expect(counted.calls.filter((p) => p === '/api/v1/auth/refresh')).toHaveLength(1);
    expect(counted.calls.filter((p) => p === '/api/v1/me')).toHaveLength(12); // each once with the old token, once again
  });

  it('keeps the refresh token in the storage it is given, and resumes from it', async () => {
    const stored: string[] = [];
    const storage = {
      get: () => stored.at(-1) ?? null,
      set: (token: string) => void stored.push(token),
      clear: () => void (stored.length = 0),
    };
    const first = sdk({ storage });
    const ann = await member(first, 'stored');
    expect(stored).toHaveLength(1);
    const second = sdk({ storage });
    expect((await second.resume())?.id).toBe(ann.id);
    expect(stored).toHaveLength(2); // rotated
    const ended: string[] = [];
    first.on('session.ended', ({ reason }) => ended.push(reason));
    await second.logOut();
    expect(stored).toHaveLength(0);
    // The first client's token belonged to the same session: it is over there too.
    expect(await first.api.GET('/api/v1/me').catch((e: KindredError) => e.code)).toBe('UNAUTHENTICATED');
    expect(ended).toEqual(['revoked']);
  });

  it('chats in real time; twenty network cuts lose and double nothing; resumes within a second', async () => {
    const [annClient, bobClient] = [sdk(), sdk()];
    const [ann, bob] = [await member(annClient, 'rt_ann'), await member(bobClient, 'rt_bob')];
    await matched(annClient, bobClient, bob.username, ann.username);
    const { data: sent } = await annClient.api.POST('/api/v1/users/{ref}/messages', {
      params: { path: { ref: bob.username } },
      body: { content: 'first' },
    });
    const conversationId = sent!.conversationId;

    const received: Message[] = [];
    bobClient.on('message.new', (m) => received.push(m));
    const liveAt: number[] = [];
    bobClient.on('connection', ({ state }) => state === 'live' && liveAt.push(Date.now()));
    await Promise.all([annClient.connect(), bobClient.connect()]);
    // A frame with an id gives Bob's client a point to resume from (before it, a reconnect can only resync).
    await annClient.sendMessage(conversationId, 'hello');
    await expect.poll(() => received.length).toBe(1);
    received.length = 0;

    const acknowledged: Message[] = [];
    const resumeMs: number[] = [];
    for (let cut = 0; cut < 20; cut++) {
      // Ann keeps sending while the network goes away and comes back.
      const sends = Array.from({ length: 5 }, (_, i) =>
        annClient.sendMessage(conversationId, `m${cut}-${i}`),
      );
      proxy.refuse();
      await new Promise((r) => setTimeout(r, 100));
      const back = Date.now();
      const before = liveAt.length;
      proxy.accept();
      acknowledged.push(...(await Promise.all(sends)));
      await expect.poll(() => liveAt.length > before, { timeout: 5000 }).toBe(true);
      resumeMs.push(liveAt.at(-1)! - back);
    }
    await expect.poll(() => received.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(acknowledged.length);
    await new Promise((r) => setTimeout(r, 300));
    const ids = received.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length); // nothing doubled
    expect(ids).toEqual(expect.arrayContaining(acknowledged.map((m) => m.id))); // nothing lost
    expect(acknowledged.map((m) => m.content)).toEqual(
      Array.from({ length: 20 }, (_, c) => Array.from({ length: 5 }, (_, i) => `m${c}-${i}`)).flat(),
    );
    // Stored once each, in the order sent.
    const { data: history } = await bobClient.api.GET('/api/v1/conversations/{id}/messages', {
      params: { path: { id: conversationId }, query: { limit: 100 } },
    });
    const stored = history!.items.map((m) => m.content).reverse();
    expect(stored.filter((c) => c !== 'first' && c !== 'hello')).toEqual(acknowledged.map((m) => m.content));
    resumeMs.sort((a, b) => a - b);
    console.info(
      `SDK resume after 20 network cuts: lost 0, doubled 0; from the network back to live: median ${resumeMs[10]} ms, max ${resumeMs.at(-1)} ms`,
    );
    annClient.disconnect();
    bobClient.disconnect();
  });

  it('ends the session with an event when the server revokes it (4401)', async () => {
    const [tabOne, tabTwo] = [sdk(), sdk()];
    const m = await member(tabOne, 'revoked');
    await tabTwo.logIn(m.username, PASSWORD);
    await tabTwo.connect();
    const ended = new Promise<string>((resolve) =>
      tabTwo.on('session.ended', ({ reason }) => resolve(reason)),
    );
    // A password change ends the other sessions.
    await tabOne.api.PUT('/api/v1/me/password', {
      body: { currentPassword: PASSWORD, newPassword: 'another long passphrase 2026' },
    });
    expect(await ended).toBe('revoked');
    expect(tabTwo.connectionState).toBe('closed');
    expect(tabTwo.user).toBeNull();
  });
});
