import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnavailableError } from '@kindred/domain';
import { errorHandler } from './error-handler.js';

// What a failure below the routes becomes: 503 only for a dependency that is down, 500 for our bugs.
let thrown: unknown;
let url: string;
const logged: Record<string, unknown>[] = [];
const server = createServer(
  new Koa()
    .use(async (ctx, next) => {
      ctx.state.log = pino(
        { level: 'info' },
        { write: (line: string) => void logged.push(JSON.parse(line)) },
      );
      await next();
    })
    .use(errorHandler())
    .use(() => {
      throw thrown;
    })
    .callback(),
);
beforeAll(() => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)));
beforeAll(() => {
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

async function answerTo(error: unknown) {
  thrown = error;
  logged.length = 0;
  const response = await fetch(url);
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: await response.json(),
  };
}

describe('errorHandler', () => {
  it('answers a database error that is not a lost connection with 500, no database words, the SQLSTATE logged', async () => {
    const error = Object.assign(
      new Error('invalid byte sequence for encoding "UTF8": 0x00 in select * from users'),
      {
        code: '22021',
        detail: 'Key (email)=(secret@example.org)',
      },
    );
    const answer = await answerTo(error);
    expect(answer.status).toBe(500);
    expect(answer.retryAfter).toBeNull();
    expect(answer.body).toMatchObject({ status: 500, code: 'INTERNAL' });
    expect(JSON.stringify(answer.body)).not.toMatch(/select|UTF8|secret|22021/);
    expect(logged.at(-1)).toMatchObject({ sqlState: '22021', msg: 'unhandled error' });
    expect(JSON.stringify(logged)).not.toContain('secret@example.org');
  });

  it('answers a dependency that is down with 503 and Retry-After', async () => {
    const answer = await answerTo(new UnavailableError('The database is unavailable; retry shortly'));
    expect(answer).toMatchObject({ status: 503, retryAfter: '5', body: { code: 'UNAVAILABLE' } });
  });

  it('never shows a stack', async () => {
    const answer = await answerTo(new TypeError("Cannot read properties of undefined (reading 'x')"));
    expect(answer.status).toBe(500);
    expect(JSON.stringify(answer.body)).not.toMatch(/TypeError|at .*\.ts|reading/);
  });
});
