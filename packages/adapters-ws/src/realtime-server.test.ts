import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { FakeClock, InMemoryEventLog, InMemoryPresence, InProcessEventBus } from '@kindred/domain/testing';
import { RealtimeServer, type RealtimeOptions } from './realtime-server.js';

/** The adapter on a real HTTP server, with real ws clients; the ports it reads are in memory. */
async function start(overrides: Partial<RealtimeOptions> = {}) {
  const bus = new InProcessEventBus();
  const realtime = new RealtimeServer({
    useCases: {
      authenticate: {
        execute: async ({ accessToken }) => {
          if (accessToken.startsWith('user-'))
            return { userId: accessToken, sessionId: `session-of-${accessToken}` };
          throw Object.assign(new Error('no'), { code: 'UNAUTHENTICATED' });
        },
      },
      redeemSocketTicket: { execute: async () => Promise.reject(new Error('no tickets here')) },
      sendMessage: { execute: async () => Promise.reject(new Error('not in these tests')) },
      markConversationRead: { execute: async () => {} },
      sendTyping: { execute: async () => {} },
      announcePresence: { execute: async () => {} },
    },
    clock: new FakeClock(new Date('2026-12-01T12:00:00Z')),
    eventLog: new InMemoryEventLog(),
    mediaBaseUrl: () => 'http://127.0.0.1',
    bus,
    presence: new InMemoryPresence(),
    framesPerSecond: 20,
    log: { warn: () => {}, debug: () => {} },
    ...overrides,
  });
  const server: Server = createServer((_req, res) => res.end());
  realtime.attach(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/ws`;
  const connect = (user = 'user-1') =>
    new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(url, { headers: { authorization: `Bearer ${user}` } });
      ws.once('open', () => resolve(ws));
      ws.once('error', reject);
    });
  const stop = async () => {
    await realtime.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return { realtime, bus, connect, stop };
}

const closeOf = (ws: WebSocket) =>
  new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));

let running: { stop(): Promise<void> } | null = null;
afterEach(async () => {
  await running?.stop();
  running = null;
});

describe('RealtimeServer', () => {
  it('drops a socket that stops answering heartbeats', async () => {
    const s = await start({ heartbeatMs: 100 });
    running = s;
    const alive = await s.connect('user-1');
    const dead = await s.connect('user-2');
    // A peer that vanished: its end reads nothing, so pings go unanswered.
    (dead as unknown as { _socket: { pause(): void } })._socket.pause();
    const deadClosed = closeOf(dead);
    await new Promise((r) => setTimeout(r, 450));
    expect(s.realtime.socketCount).toBe(1);
    expect(alive.readyState).toBe(WebSocket.OPEN);
    (dead as unknown as { _socket: { resume(): void } })._socket.resume();
    expect(await deadClosed).toBe(1006);
  });

  it('closes a socket that sends more than the maximum payload (1009)', async () => {
    const s = await start();
    running = s;
    const ws = await s.connect();
    const closed = closeOf(ws);
    ws.send('x'.repeat(64 * 1024 + 1));
    expect(await closed).toBe(1009);
  });

  it('limits client frames per socket, answering the excess with an error', async () => {
    const s = await start({ framesPerSecond: 20 });
    running = s;
    const ws = await s.connect();
    const frames: { type: string; data: { code?: string } }[] = [];
    ws.on('message', (data) => frames.push(JSON.parse(data.toString())));
    for (let i = 0; i < 25; i++) ws.send(JSON.stringify({ type: 'ping' }));
    await new Promise((r) => setTimeout(r, 200));
    expect(frames.filter((f) => f.type === 'pong').length).toBeGreaterThanOrEqual(20);
    expect(frames.filter((f) => f.type === 'pong').length).toBeLessThan(25);
    expect(frames.filter((f) => f.type === 'error').every((f) => f.data.code === 'RATE_LIMITED')).toBe(true);
    expect(ws.readyState).toBe(WebSocket.OPEN);
  });

  it('closes a slow consumer before its unsent frames pile up', async () => {
    const s = await start({ maxBufferedBytes: 64 * 1024 });
    running = s;
    const slow = await s.connect('user-1');
    (slow as unknown as { _socket: { pause(): void } })._socket.pause();
    const big = 'y'.repeat(16 * 1024);
    for (let i = 0; i < 2000 && s.realtime.socketCount > 0; i++) {
      await s.bus.publish([
        { userId: 'user-1', frame: { type: 'test', data: big, at: new Date().toISOString() } },
      ]);
      await new Promise((r) => setImmediate(r));
    }
    await new Promise((r) => setTimeout(r, 50));
    expect(s.realtime.socketCount).toBe(0);
  });

  it('refuses an upgrade elsewhere than its path, and without credentials, with an HTTP status', async () => {
    const s = await start();
    running = s;
    const status = (url: string, headers: Record<string, string> = {}) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(url, { headers });
        ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.once('open', () => resolve(101));
        ws.once('error', () => {});
      });
    const base = (await s.connect()).url;
    expect(await status(base)).toBe(401);
    expect(await status(base, { authorization: 'Bearer wrong' })).toBe(401);
    expect(await status(base.replace('/api/v1/ws', '/elsewhere'), { authorization: 'Bearer user-1' })).toBe(
      404,
    );
  });
});
