import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type Router from '@koa/router';
import { HttpProblem } from '../problem.js';

const require = createRequire(import.meta.url);

/** The page's files: its own, and the SDK bundled for browsers (`npm run generate:client` writes it). */
const FILES: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'admin.js': 'text/javascript; charset=utf-8',
  'admin.css': 'text/css; charset=utf-8',
  'kindred-client.js': 'text/javascript; charset=utf-8',
};

/**
 * Stricter than the rest of the server (whose /docs page needs inline
 * styles): scripts and styles from this origin only, nothing inline, no
 * framing, no plugins, forms posting nowhere.
 */
export const ADMIN_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * `/admin`: the moderation page, static files on the client SDK, same
 * origin (the session is the HttpOnly refresh cookie). Found through the
 * package itself, so sources, builds and `npm start`'s bundle all find it.
 */
export function mountAdminPage(router: Router): void {
  const dir = join(require.resolve('@kindred/adapters-http/package.json'), '..', 'admin-page');
  const contents = new Map(Object.keys(FILES).map((name) => [name, readFileSync(join(dir, name))]));
  const serve = (name: string, ctx: Parameters<Parameters<Router['get']>[1]>[0]) => {
    const body = contents.get(name);
    if (!body) throw new HttpProblem('NOT_FOUND', 'No such file');
    ctx.type = FILES[name]!;
    ctx.set('Content-Security-Policy', ADMIN_PAGE_CSP);
    ctx.set('Cache-Control', 'no-cache');
    ctx.body = body;
  };
  // The page's own links are absolute (/admin/admin.js): it is the same page with or without the slash.
  router.get('/admin', (ctx) => serve('index.html', ctx));
  router.get('/admin/', (ctx) => serve('index.html', ctx));
  router.get('/admin/:file', (ctx) => serve(ctx.params.file ?? '', ctx));
}
