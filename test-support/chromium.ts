import { existsSync } from 'node:fs';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';

/**
 * The browser every browser test drives: Debian's `chromium` (or
 * CHROMIUM_PATH) through playwright-core — the SDK's end-to-end tests, the
 * moderation page's, and the domain's tests bundled for the browser.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Why the browser tests cannot run here, or null when they can. */
export function chromiumMissing(): string | null {
  return existsSync(CHROMIUM_PATH)
    ? null
    : `no Chromium at ${CHROMIUM_PATH}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`;
}

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // As root (CI containers) Chromium refuses its sandbox.
    args: [
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      // Pages the tests fulfil through `context.route` have no network address of their own, so
      // Chromium's Local Network Access checks (on since 142) take their sockets to localhost for a
      // public page reaching into the local network and block them. A page the server itself serves
      // is local to local and never blocked; the flag only undoes what routing a page does.
      '--disable-features=LocalNetworkAccessChecks',
    ],
  });
}

/** The SDK as a browser loads it: one script defining `window.Kindred`. */
export async function sdkBrowserBundle(): Promise<string> {
  const result = await build({
    entryPoints: ['packages/client/src/index.ts'],
    absWorkingDir: new URL('..', import.meta.url).pathname,
    bundle: true,
    write: false,
    format: 'iife',
    globalName: 'Kindred',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@kindred/source'],
    logLevel: 'error',
  });
  return result.outputFiles[0]!.text;
}
