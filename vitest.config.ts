import { playwright } from '@vitest/browser-playwright';
import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig, type TestProjectInlineConfiguration, type ViteUserConfig } from 'vitest/config';
import { CHROMIUM_PATH, chromiumMissing } from './test-support/chromium.js';

// Tests import sibling packages from their sources (the "@kindred/source"
// export condition), so `npm test` needs no build step.
const sources: Pick<ViteUserConfig, 'resolve' | 'ssr'> = {
  resolve: { conditions: ['@kindred/source', ...defaultClientConditions] },
  ssr: { resolve: { conditions: ['@kindred/source', ...defaultServerConditions] } },
};
const postgres = ['./test-support/postgres-global-setup.ts'];
const DOMAIN_TESTS = ['packages/domain/src/**/*.test.ts'];

// The domain's promise (no runtime dependency, no node: import) kept by running its tests in
// Chromium, bundled by Vite — where there is a Chromium (CI installs Debian's).
const noBrowser = chromiumMissing();
const warned = globalThis as { kindredBrowserWarned?: boolean };
if (noBrowser && !warned.kindredBrowserWarned) {
  warned.kindredBrowserWarned = true;
  console.warn(`The domain's tests in Chromium did not run: ${noBrowser}`);
}
const domainInBrowser: TestProjectInlineConfiguration[] = noBrowser
  ? []
  : [
      {
        ...sources,
        extends: true,
        test: {
          name: 'domain-browser',
          include: DOMAIN_TESTS,
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({
              launchOptions: {
                executablePath: CHROMIUM_PATH,
                args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
              },
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ];

export default defineConfig({
  ...sources,
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { ...sources, extends: true, test: { name: 'domain', include: DOMAIN_TESTS } },
      ...domainInBrowser,
      {
        ...sources,
        extends: true,
        test: { name: 'protocol', include: ['packages/protocol/src/**/*.test.ts'] },
      },
      { ...sources, extends: true, test: { name: 'client', include: ['packages/client/src/**/*.test.ts'] } },
      // The repository's own rules (the layers of .dependency-cruiser.cjs).
      { ...sources, extends: true, test: { name: 'repository', include: ['test-support/**/*.test.ts'] } },
      {
        ...sources,
        extends: true,
        test: { name: 'adapters', include: ['packages/adapters-*/src/**/*.test.ts'], globalSetup: postgres },
      },
      {
        ...sources,
        extends: true,
        test: { name: 'server', include: ['apps/server/{src,test}/**/*.test.ts'], globalSetup: postgres },
      },
    ],
  },
});
