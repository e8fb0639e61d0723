// `npm run example:web`: serves this page on http://localhost:5173 (the origin the server allows by
// default: PUBLIC_APP_URL), with the SDK bundled from its sources. Start the server first (`npm start`).
import { build } from 'esbuild';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const here = (file) => fileURLToPath(new URL(file, import.meta.url));
const sdk = await build({
  entryPoints: [here('../../packages/client/src/index.ts')],
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  conditions: ['@kindred/source'],
  logLevel: 'error',
});
const files = {
  '/': ['index.html', 'text/html'],
  '/app.js': ['app.js', 'text/javascript'],
  '/style.css': ['style.css', 'text/css'],
};
const port = Number(process.env.PORT ?? 5173);
createServer(async (request, response) => {
  const path = new URL(request.url, 'http://localhost').pathname;
  if (path === '/kindred-client.js') {
    response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
    return response.end(sdk.outputFiles[0].text);
  }
  const file = files[path];
  if (!file) return response.writeHead(404).end('not found');
  response.writeHead(200, { 'content-type': `${file[1]}; charset=utf-8` });
  response.end(await readFile(here(file[0])));
}).listen(port, 'localhost', () => {
  console.log(
    `The example page: http://localhost:${port} (against http://localhost:3000; ?api=<url> for another)`,
  );
});
