import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.js';
import { completeMember, connect, type Member } from './members.js';
import { SocketClient } from './socket-client.js';

let t: TestServer;
const sockets: SocketClient[] = [];
beforeAll(async () => {
  t = await startTestServer({ label: 'realtime' });
});
afterAll(async () => {
  await Promise.all(sockets.map((s) => s.close()));
  await t?.stop();
});

const open = async (
  credential: { token: string } | { ticket: string },
  query: Record<string, string> = {},
) => {
  const socket = await SocketClient.open(t.api.baseUrl, credential, query);
  sockets.push(socket);
  return socket;
};

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => ({ status: 101, body: '', contentType: '' }),
    (e: { status: number; body: string; contentType: string }) => e,
  );

describe('WebSocket', () => {
  it('is refused with HTTP 401 before any socket without a valid credential; tickets are single use', async () => {
    const none = await refusal(SocketClient.open(t.api.baseUrl, null));
    expect(none.status).toBe(401);
    expect(none.contentType).toMatch(/problem\+json/);
    expect(JSON.parse(none.body)).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await refusal(SocketClient.open(t.api.baseUrl, { token: 'not-a-token' }))).status).toBe(401);
    expect((await refusal(SocketClient.open(t.api.baseUrl, { ticket: 'nope' }))).status).toBe(401);

    const ann = await completeMember(t);
    const issued = await t.api.post('/api/v1/ws/tickets', undefined, ann.token);
    expect(issued.status).toBe(201);
    const socket = await open({ ticket: issued.body.ticket });
    socket.send({ type: 'ping' });
    await socket.next('pong');
    expect((await refusal(SocketClient.open(t.api.baseUrl, { ticket: issued.body.ticket }))).status).toBe(
      401,
    );
    expect((await t.api.post('/api/v1/ws/tickets')).status).toBe(401);
  });

  describe('pushes every notification and chat event to all of the recipient’s sockets', () => {
    let ann: Member, bob: Member, cat: Member;
    let annTab1: SocketClient, annTab2: SocketClient, bobSocket: SocketClient;
    let conversationId: string;
    let own: Awaited<ReturnType<SocketClient['next']>>;

    it('notifications: visit, like, match', async () => {
      [ann, bob, cat] = [await completeMember(t), await completeMember(t), await completeMember(t)];
      annTab1 = await open({ token: ann.token });
      annTab2 = await open({ token: ann.token });
      bobSocket = await open({ token: bob.token });
      await t.api.get(`/api/v1/users/${ann.username}`, bob.token);
      const visit = await annTab1.next('notification', (d) => d.type === 'visit');
      expect(visit.data.actor).toMatchObject({ id: bob.id, username: bob.username });
      expect(visit.id).toEqual(expect.any(String));
      await annTab2.next('notification', (d) => d.type === 'visit');
      await t.api.post(`/api/v1/users/${ann.username}/like`, undefined, bob.token);
      await annTab1.next('notification', (d) => d.type === 'like' && d.actor.id === bob.id);
      await t.api.post(`/api/v1/users/${bob.username}/like`, undefined, ann.token);
      await annTab1.next('notification', (d) => d.type === 'match' && d.actor.id === bob.id);
      await bobSocket.next('notification', (d) => d.type === 'match' && d.actor.id === ann.id);
    });

    it('message.new from HTTP: every participant, the sender’s other sockets too', async () => {
      const sent = await t.api.post(
        `/api/v1/users/${ann.username}/messages`,
        { content: 'hi Ann' },
        bob.token,
      );
      conversationId = sent.body.conversationId;
      for (const socket of [annTab1, annTab2, bobSocket]) {
        const frame = await socket.next('message.new', (d) => d.id === sent.body.id);
        expect(frame.data).toEqual(sent.body);
      }
      await annTab1.next('notification', (d) => d.type === 'message' && d.conversationId === conversationId);
    });

    it('message.send over the socket: the same Message frame for everyone; a replay to this socket only', async () => {
      annTab1.send({ type: 'message.send', conversationId, content: ' hello Bob ', clientMessageId: 'ws-1' });
      own = await annTab1.next('message.new', (d) => d.clientMessageId === 'ws-1');
      expect(own.data).toMatchObject({ content: 'hello Bob', sender: { id: ann.id } });
      await annTab2.next('message.new', (d) => d.clientMessageId === 'ws-1');
      await bobSocket.next('message.new', (d) => d.clientMessageId === 'ws-1');
      // The same clientMessageId again: the first message, to this socket only; other content: an error.
      annTab1.send({ type: 'message.send', conversationId, content: 'hello Bob', clientMessageId: 'ws-1' });
      const replay = await annTab1.next('message.new', (d) => d.clientMessageId === 'ws-1');
      expect(replay.data).toEqual(own.data);
      expect(replay.id).toBeUndefined();
      annTab1.send({ type: 'message.send', conversationId, content: 'other', clientMessageId: 'ws-1' });
      expect((await annTab1.next('error')).data).toMatchObject({
        code: 'CLIENT_MESSAGE_ID_REUSED',
        clientMessageId: 'ws-1',
      });
    });

    it('typing goes to the others only; message.read to everyone', async () => {
      bobSocket.send({ type: 'typing', conversationId });
      expect((await annTab1.next('typing')).data).toEqual({
        conversationId,
        user: { id: bob.id, username: bob.username },
      });
      bobSocket.send({ type: 'read', conversationId, messageId: own.data.id });
      const read = await annTab2.next('message.read');
      expect(read.data).toEqual({ conversationId, userId: bob.id, messageId: own.data.id });
      await bobSocket.next('message.read');
    });

    it('notification.read keeps the other tabs in step', async () => {
      await t.api.post('/api/v1/notifications/read', {}, ann.token);
      const marked = await annTab2.next('notification.read');
      expect(marked.data).toEqual({ all: true, unreadCount: 0 });
    });

    it('conversation.updated: a group is created, someone is added, it is renamed', async () => {
      await connect(t, ann, cat);
      const catSocket = await open({ token: cat.token });
      const group = await t.api.post(
        '/api/v1/conversations',
        { title: 'Trio', participants: [bob.username] },
        ann.token,
      );
      expect(
        (await bobSocket.next('conversation.updated', (d) => d.id === group.body.id)).data,
      ).toMatchObject({
        kind: 'group',
        title: 'Trio',
      });
      await t.api.post(
        `/api/v1/conversations/${group.body.id}/participants`,
        { username: cat.username },
        ann.token,
      );
      const joined = await catSocket.next('conversation.updated', (d) => d.id === group.body.id);
      expect(joined.data.participants).toHaveLength(3);
      await t.api.patch(`/api/v1/conversations/${group.body.id}`, { title: 'Quartet?' }, cat.token);
      await annTab1.next('conversation.updated', (d) => d.title === 'Quartet?');
    });

    it('an unlike is told, and closes the direct conversation over the socket too', async () => {
      await t.api.delete(`/api/v1/users/${ann.username}/like`, undefined, bob.token);
      await annTab1.next('notification', (d) => d.type === 'unlike' && d.actor.id === bob.id);
      // and Bob can no longer write in the direct conversation, over the socket either
      bobSocket.send({ type: 'message.send', conversationId, content: 'wait', clientMessageId: 'b-1' });
      expect((await bobSocket.next('error', (d) => d.clientMessageId === 'b-1')).data.code).toBe(
        'NOT_CONNECTED',
      );
    });

    it('frame ids grow per member', () => {
      const ids = annTab1.frames.filter((f) => f.id !== undefined).map((f) => BigInt(f.id!));
      expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : 1)));
      expect(new Set(ids).size).toBe(ids.length);
    });
  });

  it('answers a malformed frame with an error and stays open', async () => {
    const ann = await completeMember(t);
    const socket = await open({ token: ann.token });
    socket.send('not json');
    expect((await socket.next('error')).data.code).toBe('VALIDATION_FAILED');
    socket.send({ type: 'message.send', conversationId: 'x' });
    expect((await socket.next('error')).data.code).toBe('VALIDATION_FAILED');
    socket.send({ type: 'teleport' });
    expect((await socket.next('error')).data.code).toBe('VALIDATION_FAILED');
    socket.send({ type: 'typing', conversationId: '00000000-0000-7000-8000-000000000000' });
    expect((await socket.next('error')).data.code).toBe('CONVERSATION_NOT_FOUND');
    socket.send({ type: 'ping' });
    await socket.next('pong');
  });

  it('replays missed events after ?since= exactly once and in order, then replay.done, then live; resync for an unknown id', async () => {
    const [ann, bob] = [await completeMember(t), await completeMember(t)];
    await connect(t, ann, bob);
    const first = await open({ token: ann.token });
    await t.api.post(`/api/v1/users/${ann.username}/messages`, { content: 'm0' }, bob.token);
    const seen = await first.next('message.new', (d) => d.content === 'm0');
    await first.close();

    for (let i = 1; i <= 5; i++)
      await t.api.post(`/api/v1/users/${ann.username}/messages`, { content: `m${i}` }, bob.token);
    const again = await open({ token: ann.token }, { since: seen.id! });
    const done = await again.next('replay.done');
    const replayed = again.frames
      .slice(0, again.frames.indexOf(done))
      .filter((f) => f.type === 'message.new');
    expect(replayed.map((f) => f.data.content)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    expect(done.data.lastId).toBe(again.frames[again.frames.indexOf(done) - 1]!.id);
    await t.api.post(`/api/v1/users/${ann.username}/messages`, { content: 'live' }, bob.token);
    await again.next('message.new', (d) => d.content === 'live');
    expect(again.all('message.new').map((f) => f.data.content)).toEqual([
      'm1',
      'm2',
      'm3',
      'm4',
      'm5',
      'live',
    ]);

    // Sending while reconnecting: nothing lost or doubled at the seam.
    const sending = (async () => {
      for (let i = 0; i < 20; i++)
        await t.api.post(`/api/v1/users/${ann.username}/messages`, { content: `s${i}` }, bob.token);
    })();
    const third = await open({ token: ann.token }, { since: done.data.lastId });
    await sending;
    await third.next('message.new', (d) => d.content === 's19');
    const contents = third.all('message.new').map((f) => f.data.content);
    expect(contents).toEqual(['live', ...Array.from({ length: 20 }, (_, i) => `s${i}`)]);
    expect(third.all('replay.done')).toHaveLength(1);

    const lost = await open({ token: ann.token }, { since: '999999999999' });
    await lost.next('resync');
    const garbage = await open({ token: ann.token }, { since: 'garbage' });
    await garbage.next('resync');
  });

  it('closes the sockets of a revoked session with 4401', async () => {
    const ann = await completeMember(t);
    const socket = await open({ token: ann.token });
    expect(
      (await t.api.post('/api/v1/auth/logout', { refreshToken: ann.refreshToken }, ann.token)).status,
    ).toBe(204);
    expect((await socket.closed).code).toBe(4401);
  });

  it('tells connections when a member comes online and goes offline', async () => {
    const [ann, bob] = [await completeMember(t), await completeMember(t)];
    await connect(t, ann, bob);
    const annSocket = await open({ token: ann.token });
    const bobSocket = await open({ token: bob.token });
    expect((await annSocket.next('presence', (d) => d.userId === bob.id)).data).toEqual({
      userId: bob.id,
      online: true,
      lastSeenAt: null,
    });
    await bobSocket.close();
    const offline = await annSocket.next('presence', (d) => d.userId === bob.id && !d.online);
    expect(Date.parse(offline.data.lastSeenAt)).toBeGreaterThan(Date.now() - 10_000);
  });

  it('says a member is online exactly while a socket of theirs is open: in profiles, summaries, lists and frames', async () => {
    const [ann, bob] = [await completeMember(t), await completeMember(t)];
    await connect(t, ann, bob);
    const seen = async () => {
      const profile = (await t.api.get(`/api/v1/users/${bob.username}`, ann.token)).body;
      const match = (await t.api.get('/api/v1/me/matches', ann.token)).body.items.find(
        (u: { id: string }) => u.id === bob.id,
      );
      return { profile: [profile.online, profile.lastSeenAt], summary: [match.online, match.lastSeenAt] };
    };
    // Requests alone make nobody online.
    await t.api.get('/api/v1/me', bob.token);
    expect(await seen()).toEqual({ profile: [false, null], summary: [false, null] });
    const first = await open({ token: bob.token });
    const second = await open({ token: bob.token });
    await expect.poll(seen, { timeout: 5_000 }).toEqual({ profile: [true, null], summary: [true, null] });
    await first.close();
    // One socket still open: still online.
    expect(await seen()).toEqual({ profile: [true, null], summary: [true, null] });
    const closedAt = Date.now();
    await second.close();
    await expect.poll(async () => (await seen()).profile[0], { timeout: 5_000 }).toBe(false);
    const after = await seen();
    expect(after.profile[1]).toBe(after.summary[1]);
    expect(Math.abs(Date.parse(after.profile[1] as string) - closedAt)).toBeLessThan(5_000);
  });
});
