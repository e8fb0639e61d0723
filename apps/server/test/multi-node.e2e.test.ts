import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test-support/test-database.js';
import { SmtpSink } from '../../../test-support/smtp-sink.js';
import { startBenchServer, type BenchServer } from '../src/bench/bench-server.js';
import { Api, type TestServer } from './harness.js';
import { completeMember } from './members.js';
import { SocketClient } from './socket-client.js';

const REDIS_URL = process.env.REDIS_URL;
if (!REDIS_URL)
  console.warn(
    'The two-process test did not run: it needs a Redis; set REDIS_URL (e.g. redis://127.0.0.1:6379). .ci/run sets it.',
  );

const ROOT = resolve(fileURLToPath(import.meta.url), '../../../..');

/** Two server processes, one PostgreSQL, one Redis: what a deployment behind a load balancer looks like. */
describe.skipIf(!REDIS_URL)('two server processes sharing PostgreSQL and Redis (needs REDIS_URL)', () => {
  const nodes: BenchServer[] = [];
  const sockets: SocketClient[] = [];
  let smtp: SmtpSink;
  let one: TestServer;
  let two: TestServer;

  beforeAll(async () => {
    // The processes run the built server: build what changed (quick when .ci/run built already).
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    execFileSync(process.execPath, [tsc, '-b'], { cwd: ROOT, stdio: 'inherit' });
    smtp = await new SmtpSink().start();
    const env = {
      DATABASE_URL: await createTestDatabase('multinode'),
      REDIS_URL: REDIS_URL!,
      SMTP_URL: smtp.url,
      LOG_LEVEL: 'warn',
    };
    // One after the other: the first applies the migrations.
    nodes.push(await startBenchServer(env));
    nodes.push(await startBenchServer(env));
    one = { api: new Api(nodes[0]!.url), smtp } as unknown as TestServer;
    two = { api: new Api(nodes[1]!.url), smtp } as unknown as TestServer;
  }, 180_000);

  afterAll(async () => {
    await Promise.all(sockets.map((s) => s.close()));
    await Promise.all(nodes.map((n) => n.stop()));
    await smtp?.stop();
  });

  const open = async (t: TestServer, token: string) => {
    const socket = await SocketClient.open(t.api.baseUrl, { token });
    sockets.push(socket);
    return socket;
  };

  it('members on different nodes get each other’s likes, messages, typing and presence; a logout holds on both', async () => {
    const ann = await completeMember(one);
    const bob = await completeMember(two);
    const annOnOne = await open(one, ann.token);
    const bobOnTwo = await open(two, bob.token);

    // A like made on node 1 reaches Bob's socket on node 2.
    await one.api.post(`/api/v1/users/${bob.username}/like`, undefined, ann.token);
    await bobOnTwo.next('notification', (d) => d.type === 'like' && d.actor.id === ann.id);
    await two.api.post(`/api/v1/users/${ann.username}/like`, undefined, bob.token);
    await annOnOne.next('notification', (d) => d.type === 'match' && d.actor.id === bob.id);

    // Presence: Bob's second socket (node 1) then both closing: Ann hears offline only when the last one closes.
    const bobOnOne = await open(one, bob.token);
    await bobOnTwo.close();
    await new Promise((r) => setTimeout(r, 300));
    expect(annOnOne.all('presence').filter((f) => f.data.userId === bob.id && !f.data.online)).toEqual([]);
    await bobOnOne.close();
    await annOnOne.next('presence', (d) => d.userId === bob.id && d.online === false);
    const bobBack = await open(two, bob.token);
    await annOnOne.next('presence', (d) => d.userId === bob.id && d.online === true);

    // Messages both ways, over HTTP on one node and over the socket on the other.
    const sent = await one.api.post(
      `/api/v1/users/${bob.username}/messages`,
      { content: 'from node 1' },
      ann.token,
    );
    expect(sent.status).toBe(201);
    await bobBack.next('message.new', (d) => d.content === 'from node 1');
    bobBack.send({
      type: 'message.send',
      conversationId: sent.body.conversationId,
      content: 'from node 2',
      clientMessageId: 'n2-1',
    });
    await annOnOne.next('message.new', (d) => d.content === 'from node 2');
    bobBack.send({ type: 'typing', conversationId: sent.body.conversationId });
    expect((await annOnOne.next('typing')).data.user).toEqual({ id: bob.id, username: bob.username });

    // Ann logs out on node 1: her token is refused on node 2 and her socket there closes with 4401.
    const annOnTwo = await open(two, ann.token);
    expect(
      (await one.api.post('/api/v1/auth/logout', { refreshToken: ann.refreshToken }, ann.token)).status,
    ).toBe(204);
    expect((await two.api.get('/api/v1/me', ann.token)).status).toBe(401);
    expect((await annOnTwo.closed).code).toBe(4401);
    expect((await annOnOne.closed).code).toBe(4401);
  });

  it('a ban on node 1 closes the member’s socket on node 2 within 1 s, and node 2 refuses them at once', async () => {
    const [moderator, member, friend] = [
      await completeMember(one),
      await completeMember(two),
      await completeMember(two),
    ];
    // Roles are granted by the command line (tested on its own); here straight in the shared database.
    const db = new pg.Client({ connectionString: nodes[0]!.databaseUrl });
    await db.connect();
    await db.query('update users set role = $1 where id = $2', ['moderator', moderator.id]);
    await db.end();
    const memberOnTwo = await open(two, member.token);
    // The role applies at once on every node: node 1's user cache hears of the change.
    await expect
      .poll(async () => (await one.api.get('/api/v1/admin/audit', moderator.token)).status)
      .toBe(200);

    const started = performance.now();
    const banned = await one.api.post(
      `/api/v1/admin/users/${member.id}/suspend`,
      { until: null, reason: 'Scam' },
      moderator.token,
    );
    expect(banned.status).toBe(200);
    expect((await memberOnTwo.closed).code).toBe(4401);
    expect(performance.now() - started).toBeLessThan(1000);
    const next = await two.api.get('/api/v1/me', member.token);
    expect([next.status, next.body.code, next.body.until]).toEqual([403, 'ACCOUNT_SUSPENDED', null]);
    // Gone for others on node 2 too.
    expect((await two.api.get(`/api/v1/users/${member.username}`, friend.token)).status).toBe(404);
  });
});
