import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, startTestServer, type Answer, type TestServer } from './harness.js';
import { completeMember, connect, type Member } from './members.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ label: 'chat' });
});
afterAll(() => t?.stop());

const send = (from: Member, to: string, content: string, clientMessageId?: string) =>
  t.api.post(
    `/api/v1/users/${to}/messages`,
    { content, ...(clientMessageId && { clientMessageId }) },
    from.token,
  );

describe('chat over HTTP', () => {
  describe('a direct conversation, step by step', () => {
    let ann: Member, bob: Member;
    let conversationId: string;
    let first: Answer, second: Answer, third: Answer;

    it('exists only between connected members', async () => {
      [ann, bob] = [await completeMember(t), await completeMember(t)];
      expectProblem(await send(ann, bob.username, 'hi'), 403, 'NOT_CONNECTED');
      expectProblem(
        await t.api.get(`/api/v1/users/${bob.username}/conversation`, ann.token),
        404,
        'CONVERSATION_NOT_FOUND',
      );
      await connect(t, ann, bob);
    });

    it('is created by the first message, trimmed; a replay answers the first, other content 409', async () => {
      first = await send(ann, bob.username, '  hello Bob  ', 'c-1');
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({
        content: 'hello Bob',
        clientMessageId: 'c-1',
        sender: { id: ann.id, username: ann.username },
      });
      conversationId = first.body.conversationId;
      // A replay: 200 with the first message; other content under the same id: 409.
      const replay = await send(ann, bob.username, 'hello Bob', 'c-1');
      expect(replay.status).toBe(200);
      expect(replay.body).toEqual(first.body);
      expectProblem(await send(ann, bob.username, 'something else', 'c-1'), 409, 'CLIENT_MESSAGE_ID_REUSED');
      expectProblem(await send(ann, bob.username, '   '), 400, 'VALIDATION_FAILED');
      expectProblem(await send(ann, bob.username, 'x'.repeat(4001)), 400, 'VALIDATION_FAILED');
      expectProblem(await send(ann, ann.username, 'me'), 400, 'CANNOT_TARGET_SELF');
    });

    it('counts unread messages for the recipient alone, and tells them once', async () => {
      second = await t.api.post(
        `/api/v1/conversations/${conversationId}/messages`,
        { content: 'and again' },
        ann.token,
      );
      expect(second.status).toBe(201);
      third = await t.api.post(
        `/api/v1/conversations/${conversationId}/messages`,
        { content: 'third' },
        ann.token,
      );

      expect((await t.api.get('/api/v1/messages/unread-count', bob.token)).body).toEqual({
        count: 3,
        conversations: { [conversationId]: 3 },
      });
      expect((await t.api.get('/api/v1/messages/unread-count', ann.token)).body).toEqual({
        count: 0,
        conversations: {},
      });
      const direct = (await t.api.get(`/api/v1/users/${ann.username}/conversation`, bob.token)).body;
      expect(direct).toMatchObject({
        id: conversationId,
        kind: 'direct',
        title: null,
        unreadCount: 3,
        lastMessage: { id: third.body.id },
        readUpTo: { [ann.id]: third.body.id, [bob.id]: null },
      });
      expect(direct.participants.map((p: { id: string }) => p.id).sort()).toEqual([ann.id, bob.id].sort());
      // Bob is told once (one unread message notification per conversation).
      const notes = (await t.api.get('/api/v1/notifications', bob.token)).body.items.filter(
        (n: { type: string }) => n.type === 'message',
      );
      expect(notes).toEqual([
        expect.objectContaining({ conversationId, actor: expect.objectContaining({ id: ann.id }) }),
      ]);
    });

    it('moves read markers forward only', async () => {
      // Read up to the second: one left; reading back never moves the marker back.
      expect(
        (
          await t.api.post(
            `/api/v1/conversations/${conversationId}/read`,
            { messageId: second.body.id },
            bob.token,
          )
        ).status,
      ).toBe(204);
      await t.api.post(
        `/api/v1/conversations/${conversationId}/read`,
        { messageId: first.body.id },
        bob.token,
      );
      expect((await t.api.get('/api/v1/messages/unread-count', bob.token)).body.count).toBe(1);
      expectProblem(
        await t.api.post(`/api/v1/conversations/${conversationId}/read`, { messageId: 'nope' }, bob.token),
        400,
        'VALIDATION_FAILED',
      );
    });

    it('pages its history both ways, with cursors that keep their direction', async () => {
      const newest = (await t.api.get(`/api/v1/conversations/${conversationId}/messages?limit=2`, bob.token))
        .body;
      expect(newest.items.map((m: { content: string }) => m.content)).toEqual(['third', 'and again']);
      const older = (
        await t.api.get(
          `/api/v1/conversations/${conversationId}/messages?limit=2&cursor=${newest.nextCursor}`,
          bob.token,
        )
      ).body;
      expect(older.items.map((m: { content: string }) => m.content)).toEqual(['hello Bob']);
      expect(older.nextCursor).toBeNull();
      const newer = (
        await t.api.get(
          `/api/v1/conversations/${conversationId}/messages?after=${first.body.id}&limit=1`,
          bob.token,
        )
      ).body;
      expect(newer.items.map((m: { content: string }) => m.content)).toEqual(['and again']);
      const rest = (
        await t.api.get(
          `/api/v1/conversations/${conversationId}/messages?limit=1&cursor=${newer.nextCursor}`,
          bob.token,
        )
      ).body;
      expect(rest.items.map((m: { content: string }) => m.content)).toEqual(['third']);
      expectProblem(
        await t.api.get(
          `/api/v1/conversations/${conversationId}/messages?cursor=${newer.nextCursor}&before=${first.body.id}`,
          bob.token,
        ),
        400,
        'VALIDATION_FAILED',
      );
    });

    it('a reply moves the replier’s own marker', async () => {
      await send(bob, ann.username, 'hi Ann');
      expect((await t.api.get('/api/v1/messages/unread-count', bob.token)).body.count).toBe(0);
      const list = (await t.api.get('/api/v1/conversations', ann.token)).body;
      expect(list.items[0]).toMatchObject({
        id: conversationId,
        unreadCount: 1,
        lastMessage: { content: 'hi Ann' },
      });
    });
  });

  it('a block or an unlike makes the direct conversation read-only; outsiders get 403', async () => {
    const [ann, bob, eve] = [await completeMember(t), await completeMember(t), await completeMember(t)];
    await connect(t, ann, bob);
    const { conversationId } = (await send(ann, bob.username, 'hello')).body;
    expectProblem(
      await t.api.get(`/api/v1/conversations/${conversationId}`, eve.token),
      403,
      'NOT_A_PARTICIPANT',
    );
    expectProblem(
      await t.api.post(`/api/v1/conversations/${conversationId}/messages`, { content: 'me too' }, eve.token),
      403,
      'NOT_A_PARTICIPANT',
    );
    expectProblem(
      await t.api.get(`/api/v1/conversations/00000000-0000-7000-8000-000000000000`, eve.token),
      404,
      'CONVERSATION_NOT_FOUND',
    );

    await t.api.delete(`/api/v1/users/${ann.username}/like`, undefined, bob.token);
    expectProblem(await send(ann, bob.username, 'still there?'), 403, 'NOT_CONNECTED');
    expectProblem(
      await t.api.post(`/api/v1/conversations/${conversationId}/messages`, { content: 'x' }, bob.token),
      403,
      'NOT_CONNECTED',
    );
    await t.api.post(`/api/v1/users/${ann.username}/like`, undefined, bob.token);
    expect((await send(ann, bob.username, 'back')).status).toBe(201);

    await t.api.post(`/api/v1/users/${ann.username}/block`, undefined, bob.token);
    expectProblem(await send(ann, bob.username, 'blocked?'), 404, 'USER_NOT_FOUND');
    expectProblem(
      await t.api.post(`/api/v1/conversations/${conversationId}/messages`, { content: 'x' }, ann.token),
      403,
      'NOT_CONNECTED',
    );
    const history = (await t.api.get(`/api/v1/conversations/${conversationId}/messages`, ann.token)).body;
    expect(history.items.map((m: { content: string }) => m.content)).toEqual(['back', 'hello']);
  });

  describe('a group, step by step', () => {
    let ann: Member, bob: Member, cat: Member, dan: Member;
    let id: string, base: string;

    it('invites connected members only, with a title', async () => {
      [ann, bob, cat, dan] = [
        await completeMember(t),
        await completeMember(t),
        await completeMember(t),
        await completeMember(t),
      ];
      await connect(t, ann, bob);
      await connect(t, ann, cat);
      expectProblem(
        await t.api.post(
          '/api/v1/conversations',
          { title: 'Trip', participants: [bob.username, dan.username] },
          ann.token,
        ),
        403,
        'NOT_CONNECTED',
      );
      expectProblem(
        await t.api.post(
          '/api/v1/conversations',
          { title: 'Trip', participants: ['nobody_here'] },
          ann.token,
        ),
        404,
        'USER_NOT_FOUND',
      );
      expectProblem(
        await t.api.post('/api/v1/conversations', { title: '', participants: [bob.username] }, ann.token),
        400,
        'VALIDATION_FAILED',
      );
      expectProblem(
        await t.api.post('/api/v1/conversations', { title: 'x', participants: [] }, ann.token),
        400,
        'VALIDATION_FAILED',
      );

      const created = await t.api.post(
        '/api/v1/conversations',
        { title: 'Trip', participants: [bob.username] },
        ann.token,
      );
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        kind: 'group',
        title: 'Trip',
        createdBy: ann.id,
        lastMessage: null,
        unreadCount: 0,
      });
      id = created.body.id;
      base = `/api/v1/conversations/${id}`;
    });

    it('takes in members a participant is connected with, once', async () => {
      expectProblem(
        await t.api.post(`${base}/participants`, { username: cat.username }, cat.token),
        403,
        'NOT_A_PARTICIPANT',
      );
      expectProblem(
        await t.api.post(`${base}/participants`, { username: cat.username }, bob.token),
        403,
        'NOT_CONNECTED',
      );
      const added = await t.api.post(`${base}/participants`, { username: cat.username }, ann.token);
      expect(added.status).toBe(200);
      expect(added.body.participants).toHaveLength(3);
      expectProblem(
        await t.api.post(`${base}/participants`, { username: cat.username }, ann.token),
        409,
        'ALREADY_PARTICIPANT',
      );
    });

    it('any participant writes and renames it', async () => {
      expect((await t.api.post(`${base}/messages`, { content: 'hello group' }, bob.token)).status).toBe(201);
      expect((await t.api.get('/api/v1/messages/unread-count', cat.token)).body.conversations[id]).toBe(1);
      expect((await t.api.patch(base, { title: 'Road trip' }, cat.token)).body.title).toBe('Road trip');
    });

    it('only the creator removes others; anyone leaves', async () => {
      expectProblem(
        await t.api.delete(`${base}/participants/${cat.username}`, undefined, bob.token),
        403,
        'NOT_ALLOWED',
      );
      expect((await t.api.delete(`${base}/participants/${bob.username}`, undefined, bob.token)).status).toBe(
        204,
      );
      expect((await t.api.delete(`${base}/participants/${cat.username}`, undefined, ann.token)).status).toBe(
        204,
      );
      expectProblem(
        await t.api.delete(`${base}/participants/${cat.username}`, undefined, ann.token),
        404,
        'USER_NOT_FOUND',
      );
      expectProblem(await t.api.get(base, bob.token), 403, 'NOT_A_PARTICIPANT');
      expect((await t.api.get(base, ann.token)).body.participants.map((p: { id: string }) => p.id)).toEqual([
        ann.id,
      ]);
    });

    it('a direct conversation is not a group', async () => {
      const { conversationId } = (await send(ann, bob.username, 'hi')).body;
      expectProblem(
        await t.api.patch(`/api/v1/conversations/${conversationId}`, { title: 'x' }, ann.token),
        409,
        'NOT_A_GROUP',
      );
      expectProblem(
        await t.api.post(
          `/api/v1/conversations/${conversationId}/participants`,
          { username: cat.username },
          ann.token,
        ),
        409,
        'NOT_A_GROUP',
      );
    });
  });

  it('deleting an account removes its messages and memberships', async () => {
    const [ann, bob] = [await completeMember(t), await completeMember(t)];
    await connect(t, ann, bob);
    const { conversationId } = (await send(ann, bob.username, 'from Ann')).body;
    await send(bob, ann.username, 'from Bob');
    const deleted = await t.api.request('DELETE', '/api/v1/me', {
      body: { password: 'correct horse battery staple' },
      token: ann.token,
    });
    expect(deleted.status).toBe(204);
    const history = (await t.api.get(`/api/v1/conversations/${conversationId}/messages`, bob.token)).body;
    expect(history.items.map((m: { content: string }) => m.content)).toEqual(['from Bob']);
    expect(
      (await t.api.get(`/api/v1/conversations/${conversationId}`, bob.token)).body.participants,
    ).toHaveLength(1);
  });
});
