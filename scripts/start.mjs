// `npm start`, `npm run migrate`, `npm run seed`: a command of the server, run from its
// TypeScript sources without a tsc step. The sources (the workspace packages included) are
// bundled with esbuild into apps/server/.run/ — registry packages stay plain imports — and
// bundled again only when a source file is newer than the bundle. `tsc -b` stays the
// type-check and the production build (npm run build, CI). Why: docs/adr/0007.
import { build } from 'esbuild';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const [entry = 'apps/server/src/main.ts', ...args] = process.argv.slice(2);
const name = relative(join(root, 'apps/server/src'), join(root, entry)).replace(/\.ts$/, '');
const out = join(root, 'apps/server/.run', `${name}.mjs`);

/** The newest modification time of the TypeScript sources and package files under `dir`. */
function newest(dir) {
  let latest = 0;
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    if (item.name === 'node_modules' || item.name === 'dist' || item.name.startsWith('.')) continue;
    const path = join(dir, item.name);
    if (item.isDirectory()) latest = Math.max(latest, newest(path));
    else if (/\.(ts|json)$/.test(item.name)) latest = Math.max(latest, statSync(path).mtimeMs);
  }
  return latest;
}

const sources = Math.max(newest(join(root, 'packages')), newest(join(root, 'apps/server/src')));
if (!existsSync(out) || statSync(out).mtimeMs < sources) {
  const started = performance.now();
  console.error(`kindred: bundling ${entry} from its sources…`);
  const result = await build({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile: out,
    write: false,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    conditions: ['@kindred/source'],
    logLevel: 'error',
    plugins: [
      {
        // Workspace packages are bundled from their sources; packages of the registry are imported as they are.
        name: 'registry-packages-stay-external',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (a) =>
            a.path.startsWith('@kindred/') ? undefined : { path: a.path, external: true },
          );
        },
      },
    ],
  });
  // Written aside, then moved: a command started meanwhile reads a whole bundle or none.
  await mkdir(dirname(out), { recursive: true });
  for (const file of result.outputFiles) {
    const partial = `${file.path}.${process.pid}`;
    await writeFile(partial, file.contents);
    await rename(partial, file.path);
  }
  console.error(`kindred: bundled in ${Math.round(performance.now() - started)} ms`);
}
process.argv = [process.argv[0], out, ...args];
await import(pathToFileURL(out).href);
