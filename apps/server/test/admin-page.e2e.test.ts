import type { Browser, Page } from 'playwright-core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, launchChromium, sdkBrowserBundle } from '../../../test-support/chromium.js';
import { createTestDatabase } from '../../../test-support/test-database.js';
import { PASSWORD, startTestServer, type TestServer } from './harness.js';
import { completeMember, type Member } from './members.js';

/**
 * The moderation page at /admin, in headless Chromium: a moderator logs in on
 * it and bans a member who has the app open in another browser context; the
 * member's socket closes and their next request fails with ACCOUNT_SUSPENDED.
 */
declare const window: any, location: any;

const missing = chromiumMissing();
if (missing) console.warn(`The browser test of the moderation page did not run: ${missing}`);

let t: TestServer;
let browser: Browser;
let bundle: string;
let databaseUrl: string;

beforeAll(async () => {
  if (missing) return;
  databaseUrl = await createTestDatabase('admin_page');
  t = await startTestServer({ label: 'admin_page', databaseUrl });
  [browser, bundle] = await Promise.all([launchChromium(), sdkBrowserBundle()]);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

async function grant(username: string, role: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query('update users set role = $1 where username = $2', [role, username]);
  await client.end();
}

/** The member's app: a same-origin page with the SDK, logged in, its socket open. */
async function memberApp(member: Member): Promise<Page> {
  const context = await browser.newContext();
  await context.route(`${t.api.baseUrl}/app/**`, (route) =>
    route.fulfill(
      route.request().url().endsWith('.js')
        ? { contentType: 'text/javascript', body: bundle }
        : {
            contentType: 'text/html',
            body: '<!doctype html><title>app</title><script src="/app/kindred.js"></script>',
          },
    ),
  );
  const page = await context.newPage();
  await page.goto(`${t.api.baseUrl}/app/`);
  await page.evaluate(
    async ({ username, password }) => {
      const w = window as any;
      w.client = w.Kindred.createKindredClient({ baseUrl: location.origin });
      w.ended = [];
      w.closes = [];
      w.client.on('session.ended', (e: unknown) => w.ended.push(e));
      w.client.on(
        'connection',
        (e: { state: string; closeCode?: number }) => e.closeCode && w.closes.push(e.closeCode),
      );
      await w.client.logIn(username, password);
      await w.client.connect();
    },
    { username: member.username, password: PASSWORD },
  );
  return page;
}

describe.skipIf(missing !== null)('the moderation page', () => {
  it('is served under a Content-Security-Policy without unsafe-inline', async () => {
    const answer = await fetch(`${t.api.baseUrl}/admin/`);
    expect(answer.status).toBe(200);
    const csp = answer.headers.get('content-security-policy')!;
    expect(csp).toMatch(/script-src 'self'/);
    expect(csp).toMatch(/style-src 'self'/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    const html = await answer.text();
    expect(html).not.toMatch(/<script>|<style>| style=| on\w+=/);
    expect((await fetch(`${t.api.baseUrl}/admin/nothing.js`)).status).toBe(404);
  });

  it('a moderator bans a member who has the app open elsewhere: their socket closes, their next request is ACCOUNT_SUSPENDED', async () => {
    const [moderator, target, reporter] = [
      await completeMember(t),
      await completeMember(t),
      await completeMember(t),
    ];
    await grant(moderator.username, 'moderator');
    await t.api.post(
      `/api/v1/users/${target.username}/report`,
      { reason: 'Pictures of a celebrity' },
      reporter.token,
    );
    const app = await memberApp(target);

    const desk = await (await browser.newContext()).newPage();
    const violations: string[] = [];
    desk.on('console', (m) => /Content Security Policy/i.test(m.text()) && violations.push(m.text()));
    desk.on('pageerror', (e) => violations.push(String(e)));
    await desk.goto(`${t.api.baseUrl}/admin/`);
    await desk.fill('input[name=username]', moderator.username);
    await desk.fill('input[name=password]', PASSWORD);
    await desk.click('#login button[type=submit]');
    const card = desk.locator(`li.group[data-user="${target.username}"]`);
    await card.waitFor({ timeout: 10_000 });
    expect(await card.locator('.reports').innerText()).toMatch(/Pictures of a celebrity/);
    expect(await card.locator('img').count()).toBe(1);
    await card.locator('.reason').fill('Impersonation');
    await card.locator('.ban').click();

    // The member's app: the socket closed with 4401, the SDK ended the session as a suspension.
    await expect
      .poll(() => app.evaluate(() => (window as any).ended), { timeout: 5000 })
      .toEqual([{ reason: 'suspended', until: null }]);
    expect(await app.evaluate(() => (window as any).closes)).toEqual([]); // no reconnection attempt
    const again = await app.evaluate(() =>
      (window as any).client.resume().then(
        () => 'resumed',
        (e: { code: string; problem: { until: unknown } }) => [e.code, e.problem?.until],
      ),
    );
    expect(again).toEqual(['ACCOUNT_SUSPENDED', null]);
    // Any other session of theirs, with the access token it still holds: the same answer.
    const other = await t.api.get('/api/v1/me', target.token);
    expect([other.status, other.body.code, other.body.until]).toEqual([403, 'ACCOUNT_SUSPENDED', null]);

    // The desk shows the ban in the audit trail, and the member is gone from the open queue.
    await desk.locator('#audit tr', { hasText: 'Impersonation' }).waitFor({ timeout: 5000 });
    expect(await desk.locator('#audit tr').first().innerText()).toMatch(/ban/);
    expect(await desk.locator(`li.group[data-user="${target.username}"]`).count()).toBe(0);
    expect(violations).toEqual([]);
  }, 60_000);
});
