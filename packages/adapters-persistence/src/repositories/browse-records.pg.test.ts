import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { discoveryCriteria, type User } from '@kindred/domain';
import { addDiscoverableMember } from '@kindred/domain/contracts';
import { aUser } from '@kindred/domain/testing';
import { createTestDatabase } from '../../../../test-support/test-database.js';
import { createOrm, migrate, type Orm } from '../orm.js';
import { MikroOrmUserRepository } from './mikro-orm-user-repository.js';
import { SqlDiscoveryRepository } from './sql-discovery-repository.js';

/**
 * Recording a page of suggestions touches the unlogged browse table only:
 * no lock on the viewer's row (a WAL record, and a WAL flush at commit), and
 * the viewer's browses go with their account instead of by foreign key.
 */
let orm: Orm;
let url: string;
let users: MikroOrmUserRepository;
let discovery: SqlDiscoveryRepository;
const connection = () => orm.em.getConnection();
const at = new Date('2026-11-22T12:00:00.000Z');
const id = (kind: string, n: number) => `00000000-0000-7000-${kind}-${n.toString(16).padStart(12, '0')}`;

beforeAll(async () => {
  url = await createTestDatabase('browse_records');
  orm = await createOrm({ databaseUrl: url });
  await migrate(orm);
  users = new MikroOrmUserRepository(orm);
  discovery = new SqlDiscoveryRepository(orm);
});
afterAll(() => orm?.close());

const member = (n: number) => addDiscoverableMember(users, n);

/** Finds a page of one in `viewer`'s browse `browseId`, recording it (others remain: `candidates` ≥ 2). */
const findAndRecord = (viewer: User, browseId: string) =>
  discovery.find(discoveryCriteria('search', viewer, {}, at), 1, null, {
    position: { browseId, page: 0 },
    at,
  });

describe('browse records', () => {
  it('are written without locking the viewer’s row', async () => {
    const viewer = await member(1);
    const candidates = [await member(5), await member(6)];
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    try {
      // Another transaction holds the viewer's row as an update would: a foreign-key check would wait for it.
      await holder.query('begin');
      await holder.query('select 1 from users where id = $1 for update', [viewer.id]);
      const recorded = findAndRecord(viewer, id('b000', 1));
      const waited = await Promise.race([
        recorded.then(() => false),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 2_000)),
      ]);
      expect(waited).toBe(false);
      expect(await discovery.shownOn({ browseId: id('b000', 1), page: 0 }, viewer.id)).toEqual([
        candidates[0]!.id,
      ]);
    } finally {
      await holder.query('rollback');
      await holder.end();
    }
  });

  it('go with the viewer’s account, deleted or purged unverified', async () => {
    const [deleted, other] = [await member(2), await member(4)];
    // The unverified member's browse is written as it stands: what is tested is that it goes with them.
    const unverified = aUser({ id: id('8000', 3), emailVerified: false, createdAt: new Date('2026-01-01') });
    await users.add(unverified);
    await findAndRecord(deleted, id('b000', 10));
    await findAndRecord(other, id('b000', 12));
    await connection().execute(
      `insert into discovery_pages (browse_id, page, viewer_id, started_at, user_ids) values (?, 0, ?, ?, '{}')`,
      [id('b000', 11), unverified.id, at],
    );
    await users.delete(deleted.id);
    expect(await users.deleteUnverifiedCreatedBefore(new Date('2026-06-01'))).toBe(1);

    expect(await discovery.shownOn({ browseId: id('b000', 10), page: 0 }, deleted.id)).toBeNull();
    expect(await discovery.shownOn({ browseId: id('b000', 11), page: 0 }, unverified.id)).toBeNull();
    expect(await discovery.shownOn({ browseId: id('b000', 12), page: 0 }, other.id)).toHaveLength(1);
    const left = await connection().execute(
      'select viewer_id from discovery_pages where viewer_id in (?, ?)',
      [deleted.id, unverified.id],
    );
    expect(left).toEqual([]);
  });
});
