import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig, type ViteUserConfig } from 'vitest/config';

// Tests import sibling packages from their sources (the "@kindred/source"
// export condition), so `npm test` needs no build step.
const sources: Pick<ViteUserConfig, 'resolve' | 'ssr'> = {
  resolve: { conditions: ['@kindred/source', ...defaultClientConditions] },
  ssr: { resolve: { conditions: ['@kindred/source', ...defaultServerConditions] } },
};
const postgres = ['./test-support/postgres-global-setup.ts'];

export default defineConfig({
  ...sources,
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { ...sources, extends: true, test: { name: 'domain', include: ['packages/domain/src/**/*.test.ts'] } },
      {
        ...sources,
        extends: true,
        test: { name: 'protocol', include: ['packages/protocol/src/**/*.test.ts'] },
      },
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
