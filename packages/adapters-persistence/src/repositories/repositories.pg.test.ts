import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  repositoryContracts,
  sessionRepositoryContract,
  userPicturesContract,
  userRepositoryContract,
  type StoreKit,
} from '@kindred/domain/contracts';
import { aUser } from '@kindred/domain/testing';
import { createTestDatabase } from '../../../../test-support/test-database.js';
import { createOrm, migrate, type Orm } from '../orm.js';
import { MikroOrmUserRepository } from './mikro-orm-user-repository.js';
import { MikroOrmSessionRepository } from './mikro-orm-session-repository.js';
import { MikroOrmOneTimeTokenRepository } from './mikro-orm-one-time-token-repository.js';
import { CachedSessionRepository } from './cached-session-repository.js';
import { CachedUserRepository } from './cached-user-repository.js';
import { ChangeNotifications } from './change-notifications.js';
import { SqlInterestCatalog } from './sql-interest-catalog.js';
import { SqlModerationRepository } from './sql-moderation-repository.js';
import { SqlNotificationRepository, SqlSocialRepository } from './sql-social-repository.js';
import { SqlChatRepository } from './sql-chat-repository.js';
import { SqlDiscoveryRepository } from './sql-discovery-repository.js';
import { SqlEventLog } from './sql-event-log.js';
import { SqlPresence } from './sql-presence.js';

let orm: Orm;
let notifications: ChangeNotifications;

beforeAll(async () => {
  const url = await createTestDatabase('repositories');
  orm = await createOrm({ databaseUrl: url });
  await migrate(orm);
  notifications = new ChangeNotifications(url);
  await notifications.start();
});

afterAll(async () => {
  await notifications?.stop();
  await orm?.close();
});

async function emptyKit() {
  await orm.em.fork().getConnection().execute('truncate users, conversations, discovery_pages cascade');
  return {
    users: new MikroOrmUserRepository(orm),
    sessions: new MikroOrmSessionRepository(orm),
    oneTimeTokens: new MikroOrmOneTimeTokenRepository(orm),
  };
}

async function cachedKit() {
  const kit = await emptyKit();
  return {
    ...kit,
    users: new CachedUserRepository(kit.users, notifications),
    sessions: new CachedSessionRepository(kit.sessions, notifications),
  };
}

/** Every store over the same empty database. */
async function storeKit(): Promise<StoreKit> {
  const kit = await emptyKit();
  return {
    ...kit,
    social: new SqlSocialRepository(orm),
    notifications: new SqlNotificationRepository(orm),
    chat: new SqlChatRepository(orm),
    discovery: new SqlDiscoveryRepository(orm),
    eventLog: new SqlEventLog(orm, kit.users),
    interests: new SqlInterestCatalog(orm),
    moderation: new SqlModerationRepository(orm),
  };
}

repositoryContracts('PostgreSQL', storeKit);
// The caches in front of users and sessions keep every promise of the repositories behind them.
userRepositoryContract('PostgreSQL, cached', cachedKit);
userPicturesContract('PostgreSQL, cached', cachedKit);
sessionRepositoryContract('PostgreSQL, cached', cachedKit);

describe('caches kept true by change notifications', () => {
  const userId = '00000000-0000-7000-8000-0000000000aa';
  const expiresAt = () => new Date(Date.now() + 60_000);

  it('forget a session that another node revokes or deletes', async () => {
    const kit = await emptyKit();
    const cached = new CachedSessionRepository(kit.sessions, notifications);
    await kit.users.add(aUser({ id: userId }));
    const session = {
      id: '00000000-0000-7000-9000-0000000000aa',
      userId,
      createdAt: new Date(),
      revokedAt: null,
    };
    await cached.create(session, {
      digest: 'd',
      sessionId: session.id,
      userId,
      expiresAt: expiresAt(),
      spentAt: null,
    });
    expect(await cached.findSession(session.id)).toEqual(session);

    // "Another node": a plain repository that knows nothing of this cache.
    await kit.sessions.revoke(session.id, new Date());
    await expect
      .poll(async () => (await cached.findSession(session.id))?.revokedAt ?? null, { timeout: 5_000 })
      .not.toBeNull();

    const second = { ...session, id: '00000000-0000-7000-9000-0000000000ab' };
    await cached.create(second, {
      digest: 'e',
      sessionId: second.id,
      userId,
      expiresAt: expiresAt(),
      spentAt: null,
    });
    expect(await cached.findSession(second.id)).toEqual(second);
    await kit.users.delete(userId);
    await expect.poll(() => cached.findSession(second.id), { timeout: 5_000 }).toBeNull();
  });

  it('forget a user that another node updates or deletes, even by plain SQL', async () => {
    const kit = await emptyKit();
    const cached = new CachedUserRepository(kit.users, notifications);
    await kit.users.add(aUser({ id: userId, firstName: 'Before' }));
    expect((await cached.findById(userId))?.firstName).toBe('Before');

    await orm.em.getConnection().execute(`update users set first_name = 'After' where id = ?`, [userId]);
    await expect
      .poll(async () => (await cached.findById(userId))?.firstName, { timeout: 5_000 })
      .toBe('After');

    // Activity lives in its own table (migration 0011); another node's touch still reaches this cache.
    const active = new Date('2026-11-22T12:00:00.000Z');
    await kit.users.touch(userId, active);
    await expect
      .poll(async () => (await cached.findById(userId))?.lastSeenAt, { timeout: 5_000 })
      .toEqual(active);

    await kit.users.delete(userId);
    await expect.poll(() => cached.findById(userId), { timeout: 5_000 }).toBeNull();
    // A touch racing the deletion is skipped, not an error.
    await expect(kit.users.touch(userId, new Date())).resolves.toBeUndefined();
  });

  it('trust nothing cached while the notifications are not connected', async () => {
    const kit = await emptyKit();
    const url = await createTestDatabase('repositories_offline');
    const offline = new ChangeNotifications(url);
    const cached = new CachedUserRepository(kit.users, offline);
    await kit.users.add(aUser({ id: userId, firstName: 'Before' }));
    expect((await cached.findById(userId))?.firstName).toBe('Before');
    await orm.em.getConnection().execute(`update users set first_name = 'After' where id = ?`, [userId]);
    expect((await cached.findById(userId))?.firstName).toBe('After');
  });
});

describe('SqlInterestCatalog', () => {
  it('counts verified members per tag with the prefix, most used first, and escapes LIKE wildcards', async () => {
    const kit = await emptyKit();
    const tags = [['hiking', 'hip-hop'], ['hiking', 'history'], ['hiking', '100%_real'], ['hip-hop']];
    for (const [i, interests] of tags.entries()) {
      await kit.users.add(aUser({ id: `00000000-0000-7000-8000-00000000010${i}`, interests: interests! }));
    }
    await kit.users.add(
      aUser({ id: '00000000-0000-7000-8000-000000000199', interests: ['history'], emailVerified: false }),
    );
    const catalog = new SqlInterestCatalog(orm);
    expect(await catalog.popular('hi', 10)).toEqual([
      { name: 'hiking', count: 3 },
      { name: 'hip-hop', count: 2 },
      { name: 'history', count: 1 },
    ]);
    expect(await catalog.popular('hi', 1)).toEqual([{ name: 'hiking', count: 3 }]);
    expect(await catalog.popular('100%', 10)).toEqual([{ name: '100%_real', count: 1 }]);
    expect(await catalog.popular('%', 10)).toEqual([]);
  });
});
describe('presence across nodes', () => {
  it('is online while any node holds a socket, and a node that stops beating no longer counts', async () => {
    const kit = await emptyKit();
    await orm.em.getConnection().execute('truncate server_nodes cascade');
    const userId = '00000000-0000-7000-8000-0000000000bb';
    await kit.users.add(aUser({ id: userId }));
    const one = new SqlPresence(orm, '00000000-0000-7000-8000-00000000a001');
    const two = new SqlPresence(orm, '00000000-0000-7000-8000-00000000a002');
    await one.heartbeat();
    await two.heartbeat();
    expect(await one.isOnline(userId)).toBe(false);
    expect(await one.connected(userId)).toBe(true);
    expect(await one.connected(userId)).toBe(false);
    expect(await two.connected(userId)).toBe(false);
    expect(await one.disconnected(userId)).toBe(false);
    expect(await one.disconnected(userId)).toBe(false);
    expect(await two.isOnline(userId)).toBe(true);
    expect(await two.disconnected(userId)).toBe(true);
    expect(await one.isOnline(userId)).toBe(false);

    await two.connected(userId);
    // Node two dies: its heartbeat goes stale and another node's beat forgets it.
    await orm.em
      .getConnection()
      .execute(`update server_nodes set heartbeat_at = now() - interval '1 hour' where id = ?`, [two.nodeId]);
    expect(await one.isOnline(userId)).toBe(false);
    await one.heartbeat();
    const [row] = (await orm.em
      .getConnection()
      .execute('select count(*)::int as n from presence where node_id = ?', [two.nodeId])) as { n: number }[];
    expect(row?.n).toBe(0);
    expect(await one.connected(userId)).toBe(true);
    await one.leave();
  });
});
