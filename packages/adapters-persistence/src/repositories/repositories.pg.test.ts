import { afterAll, beforeAll } from 'vitest';
import { repositoryContracts } from '@kindred/domain/contracts';
import { createTestDatabase } from '../../../../test-support/test-database.js';
import { createOrm, migrate, type Orm } from '../orm.js';
import { MikroOrmUserRepository } from './mikro-orm-user-repository.js';
import { MikroOrmSessionRepository } from './mikro-orm-session-repository.js';
import { MikroOrmOneTimeTokenRepository } from './mikro-orm-one-time-token-repository.js';

let orm: Orm;

beforeAll(async () => {
  orm = await createOrm({ databaseUrl: await createTestDatabase('repositories') });
  await migrate(orm);
});

afterAll(async () => {
  await orm?.close();
});

repositoryContracts('PostgreSQL', async () => {
  await orm.em.fork().getConnection().execute('truncate users cascade');
  return {
    users: new MikroOrmUserRepository(orm),
    sessions: new MikroOrmSessionRepository(orm),
    oneTimeTokens: new MikroOrmOneTimeTokenRepository(orm),
  };
});
