import { request as httpRequest } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectProblem,
  newMember,
  signUp,
  startTestServer,
  type Answer,
  type TestServer,
} from './harness.js';
import { completeMember, connect, type Member } from './members.js';
import { SocketClient } from './socket-client.js';

// Regressions of the hostile-input sweep (issue 9): each row of its table, on a real server.
let t: TestServer;
let ada: Member;
let grace: Member;
let conversationId: string;
beforeAll(async () => {
  t = await startTestServer({ label: 'hostile' });
  ada = await completeMember(t, 48.8566, 2.3522, ['hiking', 'tea']);
  grace = await completeMember(t, 48.86, 2.35, ['hiking']);
  await connect(t, ada, grace);
  const sent = await t.api.post(`/api/v1/users/${grace.username}/messages`, { content: 'hello' }, ada.token);
  conversationId = sent.body.conversationId;
});
afterAll(() => t?.stop());

const NUL = 'a\u0000b';
const LONE = 'a\ud800b';
/** A path segment of any value; a lone surrogate cannot be UTF-8, so it goes as its CESU-8 bytes. */
const segment = (value: string) => (!/[\ud800-\udfff]/.test(value) ? encodeURIComponent(value) : '%ED%A0%80');
const fieldsOf = (answer: Answer) =>
  Object.fromEntries((answer.body.errors ?? []).map((e: { path: string; code: string }) => [e.path, e.code]));

/** Values that are not ids of ours, of every shape: none may make a difference. */
const NON_IDS = [
  'abc',
  '1',
  '0',
  '-1',
  'x'.repeat(300),
  '00000000-0000-0000-0000-000000000000',
  "' or 1=1 --",
  '%E2%82%AC',
  '$1',
];

describe('1. a non-id anywhere an id goes answers as an id that does not exist', () => {
  it.each(NON_IDS)('paths: %s', async (raw) => {
    const id = encodeURIComponent(raw);
    const c = `/api/v1/conversations/${id}`;
    expectProblem(
      await t.api.delete(`/api/v1/me/pictures/${id}`, undefined, ada.token),
      404,
      'PICTURE_NOT_FOUND',
    );
    expectProblem(await t.api.get(c, ada.token), 404, 'CONVERSATION_NOT_FOUND');
    expectProblem(await t.api.patch(c, { title: 'x' }, ada.token), 404, 'CONVERSATION_NOT_FOUND');
    expectProblem(await t.api.get(`${c}/messages`, ada.token), 404, 'CONVERSATION_NOT_FOUND');
    expectProblem(
      await t.api.post(`${c}/messages`, { content: 'x' }, ada.token),
      404,
      'CONVERSATION_NOT_FOUND',
    );
    expectProblem(
      await t.api.post(`${c}/read`, { messageId: raw }, ada.token),
      404,
      'CONVERSATION_NOT_FOUND',
    );
    expectProblem(
      await t.api.post(`${c}/participants`, { username: grace.username }, ada.token),
      404,
      'CONVERSATION_NOT_FOUND',
    );
    expectProblem(
      await t.api.delete(`${c}/participants/${grace.username}`, undefined, ada.token),
      404,
      'CONVERSATION_NOT_FOUND',
    );
    const u = `/api/v1/users/${id}`;
    for (const [method, path] of [
      ['GET', u],
      ['POST', `${u}/like`],
      ['DELETE', `${u}/like`],
      ['POST', `${u}/block`],
      ['DELETE', `${u}/block`],
      ['POST', `${u}/report`],
      ['DELETE', `${u}/report`],
      ['GET', `${u}/conversation`],
    ] as const)
      expectProblem(await t.api.request(method, path, { token: ada.token }), 404, 'USER_NOT_FOUND');
    expectProblem(await t.api.post(`${u}/messages`, { content: 'x' }, ada.token), 404, 'USER_NOT_FOUND');
  });

  it.each(NON_IDS)('bodies and queries: %s', async (raw) => {
    expectProblem(
      await t.api.put('/api/v1/me/profile-picture', { pictureId: raw }, ada.token),
      404,
      'PICTURE_NOT_FOUND',
    );
    const history = `/api/v1/conversations/${conversationId}/messages`;
    for (const direction of ['before', 'after']) {
      const answer = await t.api.get(`${history}?${direction}=${encodeURIComponent(raw)}`, ada.token);
      expectProblem(answer, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(answer)).toEqual({ [`?${direction}`]: 'NOT_IN_CONVERSATION' });
    }
    const read = await t.api.post(
      `/api/v1/conversations/${conversationId}/read`,
      { messageId: raw },
      ada.token,
    );
    expectProblem(read, 400, 'VALIDATION_FAILED');
    expect(fieldsOf(read)).toEqual({ '/messageId': 'NOT_IN_CONVERSATION' });
    // Marking notifications read passes over ids that name none of mine.
    expect((await t.api.post('/api/v1/notifications/read', { ids: [raw] }, ada.token)).status).toBe(204);
    expect((await t.api.post('/api/v1/notifications/read', { upTo: raw }, ada.token)).status).toBe(204);
    expectProblem(
      await t.api.post('/api/v1/conversations', { title: 'g', participants: [raw] }, ada.token),
      404,
      'USER_NOT_FOUND',
    );
    const group = await t.api.post(
      '/api/v1/conversations',
      { title: 'g', participants: [grace.username] },
      ada.token,
    );
    expectProblem(
      await t.api.post(`/api/v1/conversations/${group.body.id}/participants`, { username: raw }, ada.token),
      404,
      'USER_NOT_FOUND',
    );
  });
});

describe('2, 3 and 5. U+0000, lone surrogates and control characters: 400 naming the field, nothing stored', () => {
  it('in the auth routes', async () => {
    for (const bad of [NUL, LONE]) {
      for (const [path, body, field] of [
        ['/api/v1/auth/login', { username: bad, password: 'x' }, '/username'],
        ['/api/v1/auth/login', { username: 'ada', password: bad }, '/password'],
        ['/api/v1/auth/verify-email/resend', { email: bad }, '/email'],
        ['/api/v1/auth/verify-email/resend', { username: bad }, '/username'],
        ['/api/v1/auth/password-reset', { email: bad }, '/email'],
        ['/api/v1/auth/verify-email', { token: bad }, '/token'],
      ] as const) {
        const answer = await t.api.post(path, body);
        expectProblem(answer, 400, 'VALIDATION_FAILED');
        expect(fieldsOf(answer)[field], `${path} ${field}`).toBe('INVALID_CHARACTER');
      }
    }
  });

  it('in a registration: refused, and no account made', async () => {
    for (const bad of [NUL, LONE, 'Ada\nLovelace']) {
      const member = newMember('surrogate');
      const answer = await t.api.post('/api/v1/auth/register', { ...member, firstName: bad });
      expectProblem(answer, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(answer)).toEqual({
        '/firstName': bad.includes('\n') ? 'CONTROL_CHARACTER' : 'INVALID_CHARACTER',
      });
      const available = await t.api.get(`/api/v1/auth/username-available?username=${member.username}`);
      expect(available.body).toEqual({ available: true });
    }
  });

  it('in a profile: every field named, nothing changed', async () => {
    const before = (await t.api.get('/api/v1/me', ada.token)).body;
    for (const bad of [NUL, LONE]) {
      const answer = await t.api.patch(
        '/api/v1/me',
        { biography: bad, firstName: bad, lastName: bad, occupation: bad, interests: ['ok', bad] },
        ada.token,
      );
      expectProblem(answer, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(answer)).toEqual({
        '/biography': 'INVALID_CHARACTER',
        '/firstName': 'INVALID_CHARACTER',
        '/lastName': 'INVALID_CHARACTER',
        '/occupation': 'INVALID_CHARACTER',
        '/interests/1': 'INVALID_CHARACTER',
      });
    }
    const lines = await t.api.patch('/api/v1/me', { occupation: 'a\rb', firstName: 'a\tb' }, ada.token);
    expect(fieldsOf(lines)).toEqual({
      '/occupation': 'CONTROL_CHARACTER',
      '/firstName': 'CONTROL_CHARACTER',
    });
    expect((await t.api.get('/api/v1/me', ada.token)).body).toEqual(before);
    // A biography keeps its line breaks.
    const kept = await t.api.patch('/api/v1/me', { biography: 'one\ntwo\r\n\tthree' }, ada.token);
    expect(kept.body.biography).toBe('one\ntwo\r\n\tthree');
  });

  it('in queries', async () => {
    for (const bad of [NUL]) {
      const q = encodeURIComponent(bad);
      for (const [path, field] of [
        [`/api/v1/suggestions?interests=${q}`, '?interests'],
        [`/api/v1/search?interests=${q}`, '?interests'],
        [`/api/v1/interests?prefix=${q}`, '?prefix'],
        [`/api/v1/auth/username-available?username=${q}`, '?username'],
      ] as const) {
        const answer = await t.api.get(path, ada.token);
        expectProblem(answer, 400, 'VALIDATION_FAILED');
        expect(fieldsOf(answer)[field], path).toBe('INVALID_CHARACTER');
      }
    }
  });

  it('a WebSocket message.send with them answers an error frame and stores nothing', async () => {
    const socket = await SocketClient.open(t.server.url, { token: ada.token });
    try {
      for (const [content, clientMessageId] of [
        [NUL, 'k1'],
        [LONE, 'k2'],
        ['fine', NUL],
        ['fine', 'a\nb'],
      ]) {
        socket.send({ type: 'message.send', conversationId, content, clientMessageId });
        const error = await socket.next('error');
        expect(error.data.code).toBe('VALIDATION_FAILED');
      }
    } finally {
      await socket.close();
    }
    const history = await t.api.get(`/api/v1/conversations/${conversationId}/messages`, ada.token);
    expect(history.body.items.map((m: { content: string }) => m.content)).toEqual(['hello']);
  });

  it('in reports, group titles and messages: nothing stored', async () => {
    for (const bad of [NUL, LONE]) {
      const report = await t.api.post(`/api/v1/users/${grace.username}/report`, { reason: bad }, ada.token);
      expect(fieldsOf(report)).toEqual({ '/reason': 'INVALID_CHARACTER' });
      const group = await t.api.post(
        '/api/v1/conversations',
        { title: bad, participants: [grace.username] },
        ada.token,
      );
      expect(fieldsOf(group)).toEqual({ '/title': 'INVALID_CHARACTER' });
      const content = await t.api.post(
        `/api/v1/conversations/${conversationId}/messages`,
        { content: bad },
        ada.token,
      );
      expect(fieldsOf(content)).toEqual({ '/content': 'INVALID_CHARACTER' });
      const key = await t.api.post(
        `/api/v1/conversations/${conversationId}/messages`,
        { content: 'fine', clientMessageId: bad },
        ada.token,
      );
      expect(fieldsOf(key)).toEqual({ '/clientMessageId': 'INVALID_CHARACTER' });
    }
    const title = await t.api.post(
      '/api/v1/conversations',
      { title: 'a\nb', participants: [grace.username] },
      ada.token,
    );
    expect(fieldsOf(title)).toEqual({ '/title': 'CONTROL_CHARACTER' });
    const profile = await t.api.get(`/api/v1/users/${grace.username}`, ada.token);
    expect(profile.body.reportedByMe).toBe(false);
    const history = await t.api.get(`/api/v1/conversations/${conversationId}/messages`, ada.token);
    expect(history.body.items.map((m: { content: string }) => m.content)).toEqual(['hello']);
  });
});

describe('4. a body with a Content-Encoding', () => {
  it.each(['gzip', 'br', 'deflate', 'x-unknown'])(
    '%s → 415 problem+json, whether or not it is really encoded',
    async (coding) => {
      for (const raw of [JSON.stringify({ username: 'a', password: 'b' }), gzipSync('{"username":"a"}')]) {
        const answer = await t.api.request('POST', '/api/v1/auth/login', {
          raw,
          headers: { 'content-type': 'application/json', 'content-encoding': coding },
        });
        expectProblem(answer, 415, 'UNSUPPORTED_MEDIA_TYPE');
        expect(answer.headers.get('accept-encoding')).toBe('identity');
      }
    },
  );

  it('identity is taken as plain', async () => {
    const answer = await t.api.request('POST', '/api/v1/auth/login', {
      raw: JSON.stringify({ username: 'nobody_here', password: 'whatever-it-is' }),
      headers: { 'content-type': 'application/json', 'content-encoding': 'identity' },
    });
    expectProblem(answer, 401, 'INVALID_CREDENTIALS');
  });
});

describe('6 and 7. methods and oversized requests', () => {
  it('a method a path does not take → 405 with Allow', async () => {
    const answer = await t.api.request('PUT', '/api/v1/auth/login', { body: {} });
    expectProblem(answer, 405, 'METHOD_NOT_ALLOWED');
    expect(answer.headers.get('allow')).toBe('POST, OPTIONS');
    const me = await t.api.request('POST', '/api/v1/me', { token: ada.token });
    expectProblem(me, 405, 'METHOD_NOT_ALLOWED');
    expect(me.headers.get('allow')?.split(', ').sort()).toEqual([
      'DELETE',
      'GET',
      'HEAD',
      'OPTIONS',
      'PATCH',
    ]);
  });

  it('a 20,000-character header or a 100 KB query string → 431 problem+json', async () => {
    const url = new URL(t.server.url);
    for (const options of [
      { path: '/health', headers: { 'x-filler': 'x'.repeat(20_000) } },
      { path: `/api/v1/search?interests=${'a'.repeat(100_000)}`, headers: {} },
    ]) {
      const answer = await new Promise<{ status: number; type: string | undefined; body: string }>(
        (resolve, reject) => {
          const req = httpRequest(
            { host: url.hostname, port: url.port, method: 'GET', ...options },
            (res) => {
              let body = '';
              res.on('data', (chunk: Buffer) => (body += chunk.toString()));
              res.on('end', () =>
                resolve({ status: res.statusCode!, type: res.headers['content-type'], body }),
              );
            },
          );
          req.on('error', reject);
          req.end();
        },
      );
      expect(answer.status).toBe(431);
      expect(answer.type).toBe('application/problem+json');
      expect(JSON.parse(answer.body)).toMatchObject({ status: 431, code: 'HEADERS_TOO_LARGE' });
    }
  });
});

describe('8. one errors[] entry per failing field', () => {
  it('in a profile: the schema and the domain speak in one answer', async () => {
    const answer = await t.api.patch(
      '/api/v1/me',
      { birthDate: '2015-01-01', socialLinks: { website: 'http://x' }, gender: 'robot' },
      ada.token,
    );
    expectProblem(answer, 400, 'VALIDATION_FAILED');
    expect(fieldsOf(answer)).toEqual({
      '/birthDate': 'UNDERAGE',
      '/socialLinks/website': 'INVALID_URL',
      '/gender': 'INVALID_VALUE',
    });
  });

  it('in a registration: an unknown field beside a weak password', async () => {
    const answer = await t.api.post('/api/v1/auth/register', {
      ...newMember(),
      password: 'short',
      admin: true,
    });
    expect(fieldsOf(answer)).toEqual({ '/password': 'WEAK_PASSWORD', '/admin': 'UNKNOWN_FIELD' });
  });
});

describe('9. interests in queries are normalised as profiles store them', () => {
  it('`# hiking` and `#Hiking` find a member whose interest is hiking', async () => {
    for (const tags of ['# hiking', '#Hiking', ' HIKING ']) {
      const answer = await t.api.get(`/api/v1/search?interests=${encodeURIComponent(tags)}`, ada.token);
      expect(answer.status).toBe(200);
      expect(answer.body.items.map((u: { username: string }) => u.username)).toContain(grace.username);
    }
  });
});

describe('no answer carries a database message, SQL or a stack', () => {
  it('across the hostile values above', async () => {
    const { login } = await signUp(t);
    for (const value of [NUL, LONE, "'; drop table users; --", '\\', '$1', '?', 'x'.repeat(5000)]) {
      for (const answer of [
        await t.api.post('/api/v1/auth/login', { username: value, password: value }),
        await t.api.patch('/api/v1/me', { biography: value }, login.accessToken),
        await t.api.get(`/api/v1/users/${segment(value)}`, login.accessToken),
        await t.api.get(
          `/api/v1/conversations/${segment(value)}/messages?before=${segment(value)}`,
          login.accessToken,
        ),
      ]) {
        expect(answer.status).toBeLessThan(500);
        expect(JSON.stringify(answer.body)).not.toMatch(
          /select |insert |update |postgres|sqlstate|\bat .*\.js:\d+/i,
        );
      }
    }
  });
});
