import { defineConfig } from 'vitest/config';

// Tests import sibling packages from their sources (the "@kindred/source"
// export condition), so `npm test` needs no build step.
const resolve = { conditions: ['@kindred/source'] };

export default defineConfig({
  resolve,
  test: {
    globalSetup: ['./test-support/postgres-global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { resolve, test: { name: 'domain', root: 'packages/domain', include: ['src/**/*.test.ts'] } },
      {
        resolve,
        test: { name: 'adapters', include: ['packages/adapters-*/src/**/*.test.ts'], globalSetup: ['./test-support/postgres-global-setup.ts'] },
      },
      {
        resolve,
        test: { name: 'server', include: ['apps/server/{src,test}/**/*.test.ts'], globalSetup: ['./test-support/postgres-global-setup.ts'] },
      },
    ],
  },
});
