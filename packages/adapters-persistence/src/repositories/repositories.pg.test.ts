import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repositoryContracts, sessionRepositoryContract } from '@kindred/domain/contracts';
import { aUser } from '@kindred/domain/testing';
import { createTestDatabase } from '../../../../test-support/test-database.js';
import { createOrm, migrate, type Orm } from '../orm.js';
import { MikroOrmUserRepository } from './mikro-orm-user-repository.js';
import { MikroOrmSessionRepository } from './mikro-orm-session-repository.js';
import { MikroOrmOneTimeTokenRepository } from './mikro-orm-one-time-token-repository.js';
import { CachedSessionRepository } from './cached-session-repository.js';
import { SessionEndListener } from './session-end-listener.js';

let orm: Orm;
let listener: SessionEndListener;

beforeAll(async () => {
  const url = await createTestDatabase('repositories');
  orm = await createOrm({ databaseUrl: url });
  await migrate(orm);
  listener = new SessionEndListener(url);
  await listener.start();
});

afterAll(async () => {
  await listener?.stop();
  await orm?.close();
});

async function emptyKit() {
  await orm.em.fork().getConnection().execute('truncate users cascade');
  return {
    users: new MikroOrmUserRepository(orm),
    sessions: new MikroOrmSessionRepository(orm),
    oneTimeTokens: new MikroOrmOneTimeTokenRepository(orm),
  };
}

repositoryContracts('PostgreSQL', emptyKit);
sessionRepositoryContract('PostgreSQL, cached', async () => {
  const kit = await emptyKit();
  return { ...kit, sessions: new CachedSessionRepository(kit.sessions, listener) };
});

describe('CachedSessionRepository', () => {
  it('forgets a cached session that another node revokes or deletes', async () => {
    const kit = await emptyKit();
    const cached = new CachedSessionRepository(kit.sessions, listener);
    const userId = '00000000-0000-7000-8000-0000000000aa';
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
      expiresAt: new Date(Date.now() + 60_000),
      spentAt: null,
    });
    expect(await cached.findSession(session.id)).toEqual(session);

    // "Another node": a plain repository with no knowledge of this cache.
    await kit.sessions.revoke(session.id, new Date());
    await expect
      .poll(async () => (await cached.findSession(session.id))?.revokedAt ?? null, { timeout: 5_000 })
      .not.toBeNull();

    const second = { ...session, id: '00000000-0000-7000-9000-0000000000ab' };
    await cached.create(second, {
      digest: 'e',
      sessionId: second.id,
      userId,
      expiresAt: new Date(Date.now() + 60_000),
      spentAt: null,
    });
    expect(await cached.findSession(second.id)).toEqual(second);
    await kit.users.delete(userId);
    await expect.poll(() => cached.findSession(second.id), { timeout: 5_000 }).toBeNull();
  });
});
