// `npm run size -w @kindred/client`: the SDK as a browser app bundles it (ESM, minified, its one
// dependency included), gzipped. Fails above the budget.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const BUDGET_BYTES = 20 * 1024;

export async function measure() {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('../src/index.ts', import.meta.url))],
    bundle: true,
    write: false,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@kindred/source'],
    logLevel: 'error',
  });
  const code = result.outputFiles[0].contents;
  return { minified: code.length, gzipped: gzipSync(code, { level: 9 }).length, budget: BUDGET_BYTES };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { minified, gzipped, budget } = await measure();
  const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
  console.log(
    `@kindred/client browser bundle: ${kb(minified)} minified, ${kb(gzipped)} gzipped (budget ${kb(budget)})`,
  );
  if (gzipped > budget) {
    console.error('Over budget: the SDK must stay small for the pages that load it.');
    process.exit(1);
  }
}
