import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { expectProblem, newMember, signUp, startTestServer, type TestServer } from './harness.js';

let t: TestServer;
let token: string;
beforeAll(async () => {
  t = await startTestServer({ label: 'robustness' });
  token = (await signUp(t)).login.accessToken;
});
afterAll(() => t?.stop());

const JSON_ROUTES: [string, string][] = [
  ['POST', '/api/v1/auth/register'],
  ['POST', '/api/v1/auth/verify-email'],
  ['POST', '/api/v1/auth/verify-email/resend'],
  ['POST', '/api/v1/auth/login'],
  ['POST', '/api/v1/auth/refresh'],
  ['POST', '/api/v1/auth/logout'],
  ['POST', '/api/v1/auth/password-reset'],
  ['POST', '/api/v1/auth/password-reset/confirm'],
  ['PATCH', '/api/v1/me'],
  ['PUT', '/api/v1/me/username'],
  ['PUT', '/api/v1/me/email'],
  ['POST', '/api/v1/me/email/confirm'],
  ['PUT', '/api/v1/me/password'],
  ['DELETE', '/api/v1/me'],
];

describe('bad input never makes a 500', () => {
  it.each(JSON_ROUTES)('%s %s: malformed JSON → 400 VALIDATION_FAILED', async (method, path) => {
    const answer = await t.api.request(method, path, {
      raw: '{"username": ',
      headers: { 'content-type': 'application/json' },
      token,
    });
    expectProblem(answer, 400, 'VALIDATION_FAILED');
  });

  it.each(JSON_ROUTES)('%s %s: a 5 MB body → 413 PAYLOAD_TOO_LARGE', async (method, path) => {
    const raw = JSON.stringify({ username: 'x'.repeat(5 * 1024 * 1024) });
    expectProblem(
      await t.api.request(method, path, { raw, headers: { 'content-type': 'application/json' }, token }),
      413,
      'PAYLOAD_TOO_LARGE',
    );
  });

  it('a body just under 1 MiB is read (and its field refused for its length); just over is refused', async () => {
    const under = await t.api.post('/api/v1/auth/login', {
      username: 'x'.repeat(1024 * 1024 - 100),
      password: 'y',
    });
    expectProblem(under, 400, 'VALIDATION_FAILED');
    expect(under.body.errors).toEqual([expect.objectContaining({ path: '/username', code: 'OUT_OF_RANGE' })]);
    const over = await t.api.post('/api/v1/auth/login', {
      username: 'x'.repeat(1024 * 1024 + 10),
      password: 'y',
    });
    expectProblem(over, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('wrong types, missing and unknown fields are each named', async () => {
    const answer = await t.api.post('/api/v1/auth/register', {
      username: 42,
      email: null,
      password: ['x'],
      lastName: 'L',
      admin: true,
    });
    expectProblem(answer, 400, 'VALIDATION_FAILED');
    expect(
      Object.fromEntries(answer.body.errors.map((e: { path: string; code: string }) => [e.path, e.code])),
    ).toEqual({
      '/username': 'INVALID_TYPE',
      '/email': 'INVALID_TYPE',
      '/password': 'INVALID_TYPE',
      '/firstName': 'REQUIRED',
      '/admin': 'UNKNOWN_FIELD',
    });
  });

  it('rule failures of a registration are all reported, with the contract codes', async () => {
    const answer = await t.api.post('/api/v1/auth/register', {
      username: 'ab',
      email: 'nope',
      password: 'password',
      firstName: '',
      lastName: 'x'.repeat(51),
    });
    expectProblem(answer, 400, 'VALIDATION_FAILED');
    expect(answer.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      '/email',
      '/firstName',
      '/lastName',
      '/password',
      '/username',
    ]);
    expect(answer.body.errors.find((e: { path: string }) => e.path === '/password').code).toBe(
      'WEAK_PASSWORD',
    );
  });

  it('a password containing the username, or common, is WEAK_PASSWORD', async () => {
    const member = newMember('weak');
    for (const password of [`My${member.username}Pass`, 'iloveyou', 'qwertyuiop', 'short']) {
      const answer = await t.api.post('/api/v1/auth/register', { ...member, password });
      expectProblem(answer, 400, 'VALIDATION_FAILED');
      expect(answer.body.errors).toEqual([
        expect.objectContaining({ path: '/password', code: 'WEAK_PASSWORD' }),
      ]);
    }
  });

  it('a non-JSON body on a JSON route → 415', async () => {
    const answer = await t.api.request('POST', '/api/v1/auth/login', {
      raw: 'username=a&password=b',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectProblem(answer, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('a JSON array or scalar instead of an object → 400', async () => {
    for (const raw of ['[]', '"text"', '42', 'null']) {
      const answer = await t.api.request('POST', '/api/v1/auth/login', {
        raw,
        headers: { 'content-type': 'application/json' },
      });
      expectProblem(answer, 400, 'VALIDATION_FAILED');
    }
  });

  it('unknown routes → 404 NOT_FOUND, wrong methods → 405 METHOD_NOT_ALLOWED', async () => {
    expectProblem(await t.api.get('/api/v1/nothing-here'), 404, 'NOT_FOUND');
    expectProblem(await t.api.request('PUT', '/api/v1/auth/login', { body: {} }), 405, 'METHOD_NOT_ALLOWED');
  });

  it('a malformed or foreign bearer token → 401', async () => {
    for (const header of ['Bearer', 'Bearer a.b.c', 'Basic abc', `Bearer ${token}x`]) {
      expectProblem(
        await t.api.request('GET', '/api/v1/me', { headers: { authorization: header } }),
        401,
        'UNAUTHENTICATED',
      );
    }
  });

  it('401 comes before 400 on a protected route', async () => {
    expectProblem(
      await t.api.request('PATCH', '/api/v1/me', {
        raw: '{bad',
        headers: { 'content-type': 'application/json' },
      }),
      401,
      'UNAUTHENTICATED',
    );
  });

  it('random JSON bodies on every route are answered below 500', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...JSON_ROUTES), fc.jsonValue(), async ([method, path], body) => {
        const answer = await t.api.request(method, path, {
          raw: JSON.stringify(body),
          headers: { 'content-type': 'application/json' },
          token,
        });
        expect(answer.status).toBeLessThan(500);
        if (answer.status >= 400)
          expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      }),
      { numRuns: 150 },
    );
  });

  it('random objects with the right keys but arbitrary values are answered below 500', async () => {
    const anything = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.constant(null),
      fc.boolean(),
      fc.array(fc.string()),
      fc.object(),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            username: anything,
            email: anything,
            password: anything,
            firstName: anything,
            lastName: anything,
          },
          { requiredKeys: [] },
        ),
        async (body) => {
          const answer = await t.api.post('/api/v1/auth/register', body);
          expect([202, 400, 409]).toContain(answer.status);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('health, docs and headers', () => {
  it('answers /health and /ready', async () => {
    expect(await t.api.get('/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect((await t.api.get('/ready')).status).toBe(200);
  });

  it('serves an OpenAPI 3.1 document naming every route, with whole paths', async () => {
    const doc = (await t.api.get('/openapi.json')).body;
    expect(doc.openapi).toBe('3.1.0');
    for (const [method, path] of [
      ...JSON_ROUTES,
      ['GET', '/api/v1/me'],
      ['GET', '/api/v1/auth/username-available'],
      ['GET', '/health'],
      ['GET', '/ready'],
    ] as const) {
      expect(doc.paths[path]?.[method.toLowerCase()], `${method} ${path}`).toBeDefined();
    }
    expect(doc.components.schemas.Me.properties.profileComplete).toBeDefined();
    expect(doc.paths['/api/v1/me'].get.security).toEqual([{ bearerAuth: [] }]);
  });

  it('serves an interactive reference at /docs with its assets', async () => {
    const page = await t.api.get('/docs');
    expect(page.status).toBe(200);
    expect(page.body).toContain('swagger-ui');
    expect((await t.api.get('/docs/assets/swagger-ui-bundle.js')).status).toBe(200);
    expect((await t.api.get('/docs/init.js')).body).toContain('/openapi.json');
  });

  it('sets security headers and echoes a request id', async () => {
    const answer = await t.api.request('GET', '/health', { headers: { 'x-request-id': 'trace-123' } });
    expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(answer.headers.get('x-request-id')).toBe('trace-123');
    const generated = await t.api.request('GET', '/health', {
      headers: { 'x-request-id': 'bad id with spaces' },
    });
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('allows the configured CORS origin with credentials, and no other', async () => {
    const allowed = await t.api.request('OPTIONS', '/api/v1/me', {
      headers: {
        origin: 'https://app.kindred.test',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.kindred.test');
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
    const other = await t.api.request('GET', '/health', { headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
