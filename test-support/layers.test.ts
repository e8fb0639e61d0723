import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cruise, type ICruiseResult, type IConfiguration } from 'dependency-cruiser';

/**
 * The layer rules of `npm run lint` (.dependency-cruiser.cjs) fail on the
 * imports they forbid: each case is a tree of a few files, laid out like the
 * repository, with one wrong import, cruised with the same rules.
 */
const ROOT = resolve(import.meta.dirname, '..');
const config = createRequire(import.meta.url)(join(ROOT, '.dependency-cruiser.cjs')) as IConfiguration;

let base: string;
beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'kindred-layers-'));
});
afterAll(() => rm(base, { recursive: true, force: true }));

/** Cruises a tree of `files` (path → source) with the repository's rules; the names of the rules broken. */
async function broken(name: string, files: Record<string, string>): Promise<string[]> {
  const dir = join(base, name);
  for (const [path, source] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), source);
  }
  const cwd = process.cwd();
  process.chdir(dir); // paths in the rules are relative to where the cruise runs
  try {
    const { output } = await cruise(
      ['packages', 'apps'].filter((top) => Object.keys(files).some((p) => p.startsWith(`${top}/`))),
      {
        validate: true,
        ruleSet: { forbidden: config.forbidden ?? [] },
        tsPreCompilationDeps: true,
        doNotFollow: { path: 'node_modules' },
      },
      { extensions: ['.ts', '.js'] },
    );
    return [...new Set((output as ICruiseResult).summary.violations.map((v) => v.rule.name))].sort();
  } finally {
    process.chdir(cwd);
  }
}

const HTTP_ADAPTER = { 'packages/adapters-http/src/index.ts': 'export const app = 1;\n' };

describe('the layer rules', () => {
  it('pass on the repository itself', async () => {
    const cwd = process.cwd();
    process.chdir(ROOT);
    try {
      const { output } = await cruise(['packages', 'apps', 'test-support'], {
        validate: true,
        ruleSet: { forbidden: config.forbidden ?? [] },
        ...config.options,
      });
      expect((output as ICruiseResult).summary.violations).toEqual([]);
      expect((output as ICruiseResult).summary.totalCruised).toBeGreaterThan(300);
    } finally {
      process.chdir(cwd);
    }
  });

  it('refuse an adapter in the domain', async () => {
    expect(
      await broken('domain-adapter', {
        ...HTTP_ADAPTER,
        'packages/domain/src/rules.ts':
          "import { app } from '../../adapters-http/src/index.js';\nexport const x = app;\n",
      }),
    ).toEqual(['domain-imports-nothing']);
  });

  it('refuse a node: module in the domain', async () => {
    expect(
      await broken('domain-node', {
        'packages/domain/src/ids.ts':
          "import { randomUUID } from 'node:crypto';\nexport const id = randomUUID;\n",
      }),
    ).toEqual(['domain-imports-nothing']);
  });

  it('refuse an adapter importing another', async () => {
    expect(
      await broken('adapter-adapter', {
        ...HTTP_ADAPTER,
        'packages/adapters-ws/src/server.ts':
          "import { app } from '../../adapters-http/src/index.js';\nexport const y = app;\n",
      }),
    ).toEqual(['no-adapter-imports-another']);
  });

  it('let an adapter import its own files', async () => {
    expect(
      await broken('adapter-itself', {
        ...HTTP_ADAPTER,
        'packages/adapters-http/src/routes.ts': "import { app } from './index.js';\nexport const r = app;\n",
      }),
    ).toEqual([]);
  });

  it('refuse a package importing an app', async () => {
    expect(
      await broken('package-app', {
        'apps/server/src/config.ts': 'export const config = {};\n',
        'packages/adapters-mail/src/mailer.ts':
          "import { config } from '../../../apps/server/src/config.js';\nexport const m = config;\n",
      }),
    ).toEqual(['only-apps-wire']);
  });

  it('refuse the protocol importing an adapter', async () => {
    expect(
      await broken('protocol-adapter', {
        ...HTTP_ADAPTER,
        'packages/protocol/src/frames.ts':
          "import { app } from '../../adapters-http/src/index.js';\nexport const f = app;\n",
      }),
    ).toEqual(['protocol-imports-domain-and-zod']);
  });

  it('refuse an import cycle', async () => {
    expect(
      await broken('cycle', {
        'packages/adapters-http/src/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
        'packages/adapters-http/src/b.ts': "import { a } from './a.js';\nexport const b = () => a;\n",
      }),
    ).toEqual(['no-cycles']);
  });
});
