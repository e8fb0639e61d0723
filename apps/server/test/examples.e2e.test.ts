import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, launchChromium } from '../../../test-support/chromium.js';
import { freePort } from '../../../test-support/free-port.js';
import { PASSWORD, startTestServer, type TestServer } from './harness.js';
import { completeMember, connect } from './members.js';

/** The README's examples, run as it says (the bot as a process; the page in Chromium, from its own origin). */
const ROOT = resolve(import.meta.dirname, '../../..');
let t: TestServer;
let webPort: number;
const children: ChildProcess[] = [];

beforeAll(async () => {
  webPort = await freePort();
  t = await startTestServer({ label: 'examples', env: { CORS_ORIGINS: `http://localhost:${webPort}` } });
});
afterAll(async () => {
  for (const child of children) child.kill('SIGINT');
  await t?.stop();
});

/** Output of a child process, and a way to wait for a line. */
function watch(child: ChildProcess) {
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  return { output: () => out };
}

describe('examples/bot', () => {
  it('logs in, stays connected and answers a message', async () => {
    const [bot, friend] = [await completeMember(t), await completeMember(t)];
    await connect(t, bot, friend);
    // The bot imports @kindred/client; bundled from the sources here, as a fresh clone has no build.
    // Under node_modules, so that the bundle's imports of ws and openapi-fetch resolve as the example's do.
    await mkdir(join(ROOT, 'node_modules/.cache'), { recursive: true });
    const dir = await mkdtemp(join(ROOT, 'node_modules/.cache/kindred-bot-'));
    const out = join(dir, 'bot.mjs');
    const bundled = await build({
      entryPoints: [join(ROOT, 'examples/bot/bot.mjs')],
      bundle: true,
      write: false,
      platform: 'node',
      format: 'esm',
      conditions: ['@kindred/source'],
      external: ['ws', 'openapi-fetch'],
      logLevel: 'error',
    });
    await writeFile(out, bundled.outputFiles[0]!.text);
    const child = spawn(process.execPath, [out], {
      cwd: ROOT,
      env: {
        ...process.env,
        KINDRED_URL: t.api.baseUrl,
        KINDRED_USERNAME: bot.username,
        KINDRED_PASSWORD: PASSWORD,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    const log = watch(child);
    await expect.poll(log.output, { timeout: 15_000 }).toMatch(/listening;/);
    const sent = await t.api.post(
      `/api/v1/users/${bot.username}/messages`,
      { content: 'ping?' },
      friend.token,
    );
    expect(sent.status).toBe(201);
    await expect
      .poll(
        async () =>
          (
            await t.api.get(`/api/v1/conversations/${sent.body.conversationId}/messages`, friend.token)
          ).body.items.map((m: { content: string }) => m.content),
        { timeout: 10_000 },
      )
      .toContain('You said: “ping?”');
    expect(log.output()).toContain(`${friend.username}: ping?`);
  });
});

const noBrowser = chromiumMissing();
describe.skipIf(noBrowser !== null)('examples/web', () => {
  it('logs in from its own origin (cookie mode, CORS) and shows a message live', async () => {
    const [me, friend] = [await completeMember(t), await completeMember(t)];
    await connect(t, me, friend);
    const server = spawn(process.execPath, [join(ROOT, 'examples/web/serve.mjs')], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(webPort) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(server);
    await expect.poll(watch(server).output, { timeout: 15_000 }).toMatch(/example page/);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(
        `http://localhost:${webPort}/?api=${encodeURIComponent(`http://localhost:${t.server.port}`)}`,
      );
      await page.fill('input[name=username]', me.username);
      await page.fill('input[name=password]', PASSWORD);
      await page.click('#login button');
      await page.waitForSelector('#state:text("live")', { timeout: 10_000 });
      await t.api.post(`/api/v1/users/${me.username}/messages`, { content: 'hello page' }, friend.token);
      await page.waitForSelector(`#messages li:has-text("${friend.username}: hello page")`, {
        timeout: 10_000,
      });
      // A reload keeps the session: the HttpOnly cookie, no token in the page's storage.
      await page.reload();
      await page.waitForSelector('#state:text("live")', { timeout: 10_000 });
      expect(await page.evaluate('JSON.stringify(localStorage) + document.cookie')).not.toMatch(
        /kindred|token/i,
      );
    } finally {
      await browser.close();
    }
  });
});
