import type Router from '@koa/router';
import type { PictureStorage } from '@kindred/domain';
import { HttpProblem } from '../problem.js';

const TYPES: Record<string, string> = { jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

/**
 * `/media/{key}`: picture bytes, public (an unguessable name is the only
 * secret) and immutable, so cached for a year. `nosniff` comes with every answer.
 */
export function mountMedia(router: Router, storage: PictureStorage): void {
  router.get('/media/:key', async (ctx) => {
    const key = ctx.params.key ?? '';
    const type = TYPES[key.split('.').pop() ?? ''];
    const bytes = type ? await storage.read(key) : null;
    if (!type || !bytes) throw new HttpProblem('NOT_FOUND', 'No such picture');
    ctx.type = type;
    ctx.set('Cache-Control', 'public, max-age=31536000, immutable');
    ctx.set('Cross-Origin-Resource-Policy', 'cross-origin');
    ctx.body = Buffer.from(bytes);
  });
}
