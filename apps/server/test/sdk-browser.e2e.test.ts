import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, launchChromium, sdkBrowserBundle } from '../../../test-support/chromium.js';
import { freePort } from '../../../test-support/free-port.js';
import { SmtpSink } from '../../../test-support/smtp-sink.js';
import { createTestDatabase } from '../../../test-support/test-database.js';
import { PASSWORD, newMember, startTestServer, type TestServer } from './harness.js';

/**
 * The SDK as frontend developers run it: in headless Chromium, cookie mode,
 * same-origin, two members in two browser contexts, against the real server
 * (restarted mid-conversation), with access tokens that expire every 4 s.
 */
// What the page functions below use: they run in the browser, typed loosely here.
declare const window: any, location: any, document: any, localStorage: any, OffscreenCanvas: any;

const missing = chromiumMissing();
if (missing) console.warn(`The browser tests of the SDK did not run: ${missing}`);

let t: TestServer;
let browser: Browser;
let base: string;
let bundle: string;
const smtp = new SmtpSink();
let databaseUrl: string;
let port: number;

const serverOptions = () => ({
  label: 'sdk_browser',
  smtp,
  databaseUrl,
  env: { PORT: String(port), ACCESS_TOKEN_TTL_SECONDS: '4' },
});

beforeAll(async () => {
  if (missing) return;
  await smtp.start();
  [databaseUrl, port] = [await createTestDatabase('sdk_browser'), await freePort()];
  t = await startTestServer(serverOptions());
  base = `http://localhost:${port}`;
  [browser, bundle] = await Promise.all([launchChromium(), sdkBrowserBundle()]);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await t?.stop();
  await smtp.stop();
});

/** A tab of the app: a same-origin page with the SDK loaded (served by the test, not the server). */
async function tab(context: BrowserContext): Promise<Page> {
  await context.route(`${base}/app/**`, (route) =>
    route.fulfill(
      route.request().url().endsWith('.js')
        ? { contentType: 'text/javascript', body: bundle }
        : {
            contentType: 'text/html',
            body: '<!doctype html><meta charset="utf-8"><title>app</title><script src="/app/kindred.js"></script>',
          },
    ),
  );
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error));
  await page.goto(`${base}/app/`);
  await page.evaluate(() => {
    const w = window as any;
    w.client = w.Kindred.createKindredClient({
      baseUrl: location.origin,
      realtime: { pingIntervalMs: 1000, pongTimeoutMs: 1000, backoff: { initialMs: 50, maxMs: 1000 } },
    });
    w.received = [];
    w.events = [];
    w.client.on('message.new', (m: unknown) => w.received.push(m));
    for (const type of ['session.ended', 'session.refreshed', 'connection', 'resync', 'replay.done'])
      w.client.on(type, (value: unknown) => w.events.push([type, value]));
  });
  return page;
}

/** Registers in the page, verifies with the mailed token, logs in and completes the profile. */
async function signUpIn(page: Page, prefix: string) {
  const m = newMember(prefix);
  await page.evaluate((body) => (window as any).client.api.POST('/api/v1/auth/register', { body }), m);
  const mail = await smtp.waitFor(m.email, 'Confirm your email');
  return page.evaluate(
    async ({ token, username, password }) => {
      const { client } = window as any;
      await client.api.POST('/api/v1/auth/verify-email', { body: { token } });
      const me = await client.logIn(username, password);
      await client.api.PATCH('/api/v1/me', {
        body: { gender: 'female', birthDate: '1994-06-01', biography: 'Hi', interests: ['tea'] },
      });
      await client.api.PUT('/api/v1/me/location', { body: { latitude: 48.85, longitude: 2.35 } });
      const canvas = new OffscreenCanvas(64, 64);
      const draw = canvas.getContext('2d')!;
      draw.fillStyle = '#c36';
      draw.fillRect(0, 0, 64, 64);
      const png = await canvas.convertToBlob({ type: 'image/png' });
      await client.api.POST('/api/v1/me/pictures', {
        body: { file: 'p.png' },
        bodySerializer: () => {
          const form = new FormData();
          form.append('file', png, 'p.png');
          return form;
        },
      });
      return { id: me.id as string, username: me.username as string };
    },
    { token: mail.token!, username: m.username, password: PASSWORD },
  );
}

const received = (page: Page) =>
  page.evaluate(() => ((window as any).received as { id: string; content: string }[]).map((m) => m.content));
const events = (page: Page, type: string) =>
  page.evaluate(
    (type) => ((window as any).events as [string, unknown][]).filter(([t]) => t === type).length,
    type,
  );

describe.skipIf(missing !== null)('the SDK in Chromium', () => {
  let ann: Page, bob: Page;
  let annContext: BrowserContext, bobContext: BrowserContext;
  let conversationId: string;
  let annMember: { id: string; username: string }, bobMember: { id: string; username: string };

  it('two members register, verify, log in, complete their profiles and match', async () => {
    [annContext, bobContext] = [await browser.newContext(), await browser.newContext()];
    [ann, bob] = [await tab(annContext), await tab(bobContext)];
    [annMember, bobMember] = [await signUpIn(ann, 'br_ann'), await signUpIn(bob, 'br_bob')];
    // Cookie mode: the refresh token is in the HttpOnly cookie, nowhere a script can read it.
    expect(await ann.evaluate(() => document.cookie + JSON.stringify({ ...localStorage }))).not.toMatch(
      /kindred/,
    );
    expect((await annContext.cookies()).map((c) => [c.name, c.httpOnly])).toContainEqual([
      'kindred_refresh',
      true,
    ]);
    await ann.evaluate(
      (ref) => (window as any).client.api.POST('/api/v1/users/{ref}/like', { params: { path: { ref } } }),
      bobMember.username,
    );
    const like = await bob.evaluate(
      (ref) => (window as any).client.api.POST('/api/v1/users/{ref}/like', { params: { path: { ref } } }),
      annMember.username,
    );
    expect(like.data.connected).toBe(true);
  });

  it('chat in real time, both ways', async () => {
    await Promise.all([
      ann.evaluate(() => (window as any).client.connect()),
      bob.evaluate(() => (window as any).client.connect()),
    ]);
    const first = await ann.evaluate(async (ref) => {
      const { client } = window as any;
      const { data } = await client.api.POST('/api/v1/users/{ref}/messages', {
        params: { path: { ref } },
        body: { content: 'hello Bob' },
      });
      return data;
    }, bobMember.username);
    conversationId = first.conversationId;
    await expect.poll(() => received(bob)).toEqual(['hello Bob']);
    await bob.evaluate((id) => (window as any).client.sendMessage(id, 'hello Ann'), conversationId);
    await expect.poll(() => received(ann)).toEqual(['hello Bob', 'hello Ann']);
  });

  it('the server restarts mid-conversation: both resume, nothing lost or doubled', async () => {
    await t.stop();
    // While it is down both keep writing: the sends wait in the SDK's queue.
    await ann.evaluate((id) => {
      const w = window as any;
      w.pending = ['a1', 'a2', 'a3'].map((c) => w.client.sendMessage(id, c));
    }, conversationId);
    await bob.evaluate((id) => {
      const w = window as any;
      w.pending = ['b1', 'b2'].map((c) => w.client.sendMessage(id, c));
    }, conversationId);
    await new Promise((r) => setTimeout(r, 500));
    t = await startTestServer(serverOptions());
    await Promise.all([ann, bob].map((page) => page.evaluate(() => Promise.all((window as any).pending))));
    const all = ['hello Bob', 'hello Ann', 'a1', 'a2', 'a3', 'b1', 'b2'].sort();
    await expect.poll(async () => (await received(ann)).sort(), { timeout: 10_000 }).toEqual(all);
    await expect.poll(async () => (await received(bob)).sort(), { timeout: 10_000 }).toEqual(all);
    const history = await bob.evaluate(async (id) => {
      const { data } = await (window as any).client.api.GET('/api/v1/conversations/{id}/messages', {
        params: { path: { id }, query: { limit: 50 } },
      });
      return (data.items as { content: string }[]).map((m) => m.content).sort();
    }, conversationId);
    expect(history).toEqual(all);
  });

  it('access tokens that expire mid-session are refreshed without the app noticing', async () => {
    const refreshedBefore = await events(ann, 'session.refreshed');
    // Two lifetimes of 4 s pass while the app keeps working.
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 2000));
      const me = await ann.evaluate(async () => (await (window as any).client.api.GET('/api/v1/me')).data.id);
      expect(me).toBe(annMember.id);
    }
    expect(await events(ann, 'session.refreshed')).toBeGreaterThanOrEqual(refreshedBefore + 2);
    await ann.evaluate((id) => (window as any).client.sendMessage(id, 'still here'), conversationId);
    await expect.poll(async () => (await received(bob)).includes('still here')).toBe(true);
    expect(await events(ann, 'session.ended')).toBe(0);
  });

  it('a logout in one tab ends the session of the other tab, with the SDK’s event', async () => {
    const second = await tab(bobContext);
    // The second tab continues the session the first holds (the same cookie).
    expect(await second.evaluate(async () => (await (window as any).client.resume())?.id)).toBe(bobMember.id);
    await second.evaluate(() => (window as any).client.connect());
    await bob.evaluate(() => (window as any).client.logOut());
    await expect.poll(() => events(second, 'session.ended'), { timeout: 5000 }).toBe(1);
    expect(
      await second.evaluate(async () => {
        const { client } = window as any;
        return client.api.GET('/api/v1/me').then(
          () => 'still in',
          (e: { code: string }) => e.code,
        );
      }),
    ).toBe('UNAUTHENTICATED');
  });

  it('a password changed in one browser context ends the session of another context (a second device)', async () => {
    const device = await tab(await browser.newContext());
    await device.evaluate(({ username, password }) => (window as any).client.logIn(username, password), {
      username: annMember.username,
      password: PASSWORD,
    });
    await device.evaluate(() => (window as any).client.connect());
    const changed = await ann.evaluate(
      (current) =>
        (window as any).client.api
          .PUT('/api/v1/me/password', {
            body: { currentPassword: current, newPassword: 'a new passphrase 2026!' },
          })
          .then((r: { response: { status: number } }) => r.response.status),
      PASSWORD,
    );
    expect(changed).toBe(204);
    // The server closes the device's socket with 4401: the SDK ends the session with its event.
    await expect.poll(() => events(device, 'session.ended'), { timeout: 5000 }).toBe(1);
    expect(
      await device.evaluate(
        () => (window as any).events.find(([t]: [string]) => t === 'session.ended')[1].reason,
      ),
    ).toBe('revoked');
    expect(await ann.evaluate(async () => (await (window as any).client.api.GET('/api/v1/me')).data.id)).toBe(
      annMember.id,
    );
  });
});
