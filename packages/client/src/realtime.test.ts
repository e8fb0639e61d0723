import { describe, expect, it } from 'vitest';
import { KindredClient } from './client.js';
import type { WebSocketConstructor, WebSocketLike } from './realtime.js';

/** A socket the test drives: what the client sent, and frames or a close pushed at will. */
class ScriptedSocket implements WebSocketLike {
  static opened: ScriptedSocket[] = [];
  readyState = 0;
  readonly sent: { type: string; [key: string]: unknown }[] = [];
  private readonly listeners = new Map<string, ((event: never) => void)[]>();

  constructor(readonly url: string) {
    ScriptedSocket.opened.push(this);
    setTimeout(() => {
      if (this.readyState !== 0) return;
      this.readyState = 1;
      this.fire('open', {});
    }, 0);
  }

  addEventListener(type: string, listener: (event: never) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }

  close(code = 1000): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.fire('close', { code });
  }

  push(frame: object): void {
    this.fire('message', { data: JSON.stringify({ at: new Date().toISOString(), ...frame }) });
  }

  private fire(type: string, event: object): void {
    for (const listener of this.listeners.get(type) ?? []) listener(event as never);
  }
}

const ME = { id: 'u-me', username: 'me' };
const message = (id: string, content: string, extra: object = {}) => ({
  id,
  conversationId: 'c-1',
  sender: { id: 'u-other', username: 'other' },
  content,
  clientMessageId: null,
  createdAt: '2026-12-01T12:00:00.000Z',
  ...extra,
});

/** A client whose HTTP answers a login, and whose sockets are scripted. */
async function client() {
  ScriptedSocket.opened = [];
  const fetchStub: typeof fetch = async (input) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.pathname === '/api/v1/auth/login')
      return Response.json({
        accessToken: 'a',
        refreshToken: 'r',
        tokenType: 'Bearer',
        expiresIn: 900,
        user: ME,
      });
    return new Response(null, { status: 404 });
  };
  const c = new KindredClient({
    baseUrl: 'http://kindred.test',
    mode: 'token',
    fetch: fetchStub,
    WebSocket: ScriptedSocket as unknown as WebSocketConstructor,
    socketAuth: 'bearer',
    realtime: { pingIntervalMs: 60_000, pongTimeoutMs: 60_000, backoff: { initialMs: 1, maxMs: 5 } },
  });
  await c.logIn('me', 'secret');
  const seen: string[] = [];
  c.on('message.new', (m) => seen.push(m.content));
  return { c, seen, socket: (n: number) => ScriptedSocket.opened[n]! };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
};

describe('the SDK’s live connection', () => {
  it('resumes after the last frame id, and shows each frame and each message once', async () => {
    const { c, seen, socket } = await client();
    await c.connect();
    expect(new URL(socket(0).url).searchParams.get('since')).toBeNull();
    socket(0).push({ type: 'message.new', id: '1', data: message('m1', 'one') });
    socket(0).push({ type: 'message.new', id: '2', data: message('m2', 'two') });
    socket(0).close(1001);
    await until(() => ScriptedSocket.opened.length === 2);
    expect(new URL(socket(1).url).searchParams.get('since')).toBe('2');
    // The replay repeats what was already shown (ids and message ids alike), then live.
    socket(1).push({ type: 'message.new', id: '2', data: message('m2', 'two') });
    socket(1).push({ type: 'message.new', id: '3', data: message('m3', 'three') });
    socket(1).push({ type: 'replay.done', data: { lastId: '3' } });
    socket(1).push({ type: 'message.new', data: message('m3', 'three') });
    expect(seen).toEqual(['one', 'two', 'three']);
    c.disconnect();
  });

  it('tells the app to refetch when a connection is replaced before any frame gave it a point to resume from', async () => {
    const { c, socket } = await client();
    const resyncs: object[] = [];
    c.on('resync', (data) => resyncs.push(data));
    await c.connect();
    expect(resyncs).toEqual([]);
    socket(0).close(1006);
    await until(() => ScriptedSocket.opened.length === 2 && c.connectionState === 'live');
    expect(new URL(socket(1).url).searchParams.get('since')).toBeNull();
    expect(resyncs).toEqual([{}]);
    c.disconnect();
  });

  it('queues sends while offline and sends them again after a reconnect under the same clientMessageId', async () => {
    const { c, socket } = await client();
    await c.connect();
    socket(0).push({ type: 'message.new', id: '7', data: message('m0', 'before') });
    socket(0).close(1006);
    const sending = c.sendMessage('c-1', 'hello', { clientMessageId: 'k-1' });
    expect(c.pendingSends).toBe(1);
    await until(() => ScriptedSocket.opened.length === 2);
    // Not sent during the replay: only once it is over.
    await new Promise((r) => setTimeout(r, 5));
    expect(socket(1).sent).toEqual([]);
    socket(1).push({ type: 'replay.done', data: { lastId: '7' } });
    expect(socket(1).sent).toEqual([
      { type: 'message.send', conversationId: 'c-1', content: 'hello', clientMessageId: 'k-1' },
    ]);
    // The connection drops before the answer: the same frame goes again.
    socket(1).close(1006);
    await until(() => ScriptedSocket.opened.length === 3);
    socket(2).push({ type: 'replay.done', data: { lastId: '7' } });
    expect(socket(2).sent).toEqual(socket(1).sent);
    socket(2).push({
      type: 'message.new',
      id: '8',
      data: message('m9', 'hello', { sender: ME, clientMessageId: 'k-1' }),
    });
    expect((await sending).id).toBe('m9');
    expect(c.pendingSends).toBe(0);
    c.disconnect();
  });

  it('fails a send the server refuses, retries one it could not do yet', async () => {
    const { c, socket } = await client();
    await c.connect();
    const refused = c.sendMessage('c-1', 'no', { clientMessageId: 'k-no' });
    socket(0).push({ type: 'error', data: { code: 'NOT_CONNECTED', detail: 'x', clientMessageId: 'k-no' } });
    await expect(refused).rejects.toMatchObject({ code: 'NOT_CONNECTED' });
    const later = c.sendMessage('c-1', 'later', { clientMessageId: 'k-later' });
    socket(0).push({
      type: 'error',
      data: { code: 'RATE_LIMITED', detail: 'x', clientMessageId: 'k-later' },
    });
    await until(() => socket(0).sent.filter((f) => f.clientMessageId === 'k-later').length === 2);
    socket(0).push({
      type: 'message.new',
      id: '9',
      data: message('m10', 'later', { sender: ME, clientMessageId: 'k-later' }),
    });
    expect((await later).content).toBe('later');
    c.disconnect();
  });

  it('stops on 4401 and ends the session with an event', async () => {
    const { c, socket } = await client();
    const ended: string[] = [];
    c.on('session.ended', ({ reason }) => ended.push(reason));
    await c.connect();
    socket(0).close(4401);
    await until(() => ended.length > 0);
    expect(ended).toEqual(['revoked']);
    expect(c.connectionState).toBe('closed');
    await new Promise((r) => setTimeout(r, 20));
    expect(ScriptedSocket.opened).toHaveLength(1);
  });

  it('replaces a connection that stops answering pings', async () => {
    ScriptedSocket.opened = [];
    const fetchStub: typeof fetch = async () =>
      Response.json({ accessToken: 'a', refreshToken: 'r', tokenType: 'Bearer', expiresIn: 900, user: ME });
    const c = new KindredClient({
      baseUrl: 'http://kindred.test',
      mode: 'token',
      fetch: fetchStub,
      WebSocket: ScriptedSocket as unknown as WebSocketConstructor,
      socketAuth: 'bearer',
      realtime: { pingIntervalMs: 20, pongTimeoutMs: 20, backoff: { initialMs: 1, maxMs: 5 } },
    });
    await c.logIn('me', 'secret');
    await c.connect();
    await until(() => ScriptedSocket.opened[0]!.sent.some((f) => f.type === 'ping'));
    // No pong: within ping interval + timeout the client dials again.
    await until(() => ScriptedSocket.opened.length === 2);
    c.disconnect();
  });
});
