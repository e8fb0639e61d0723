import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError, UnavailableError } from '@kindred/domain';
import { createTestDatabase } from '../../../../test-support/test-database.js';
import { createOrm, type Orm } from '../orm.js';
import { Database, sql, type Queries } from './sql.js';

/**
 * The loser of a deadlock is rolled back whole by PostgreSQL: the Database
 * runs it again, so that two requests crossing each other's row locks both
 * succeed instead of one answering 500.
 */
let orm: Orm;
let db: Database;
const SETUP = sql('create table if not exists crossing (id int primary key, v int not null)');
const RESET = sql('truncate crossing');
const SEED = sql('insert into crossing values (1, 0), (2, 0)');
const BUMP = sql<[number]>('update crossing set v = v + 1 where id = $1');
const VALUES = sql<[], { id: number; v: number }>('select id, v from crossing order by id');

beforeAll(async () => {
  orm = await createOrm({ databaseUrl: await createTestDatabase('sql_retries'), poolSize: 4 });
  db = new Database(orm);
  await db.run(SETUP);
});
afterAll(() => orm?.close());

function transientError(code: string): Error {
  return Object.assign(new Error(`simulated ${code}`), { code });
}

describe('Database', () => {
  it('runs the loser of a deadlock again, so both transactions commit', async () => {
    await db.run(RESET);
    await db.run(SEED);
    let attempts = 0;
    let arrived = 0;
    let release: () => void = () => {};
    const bothHoldOne = new Promise<void>((resolve) => (release = resolve));
    // Each takes one row, waits until the other holds the other row, then asks for it: a deadlock.
    const crossing = (first: number, second: number) =>
      db.transaction(async (tx: Queries) => {
        attempts += 1;
        await tx.run(BUMP, first);
        if (++arrived === 2) release();
        await bothHoldOne;
        await tx.run(BUMP, second);
      });
    const results = await Promise.allSettled([crossing(1, 2), crossing(2, 1)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(attempts).toBe(3);
    expect(await db.rows(VALUES)).toEqual([
      { id: 1, v: 2 },
      { id: 2, v: 2 },
    ]);
  });

  it('gives up after three runs with UNAVAILABLE (503, retry), having committed nothing', async () => {
    await db.run(RESET);
    await db.run(SEED);
    for (const code of ['40P01', '40001']) {
      let attempts = 0;
      const failing = db.transaction(async (tx) => {
        attempts += 1;
        await tx.run(BUMP, 1);
        throw transientError(code);
      });
      await expect(failing).rejects.toBeInstanceOf(UnavailableError);
      expect(attempts).toBe(3);
    }
    expect((await db.rows(VALUES))[0]).toEqual({ id: 1, v: 0 });
  });

  it('runs a failed foreign key once more (its row may have gone meanwhile), then says what it means', async () => {
    let attempts = 0;
    const failing = db.transaction(async () => {
      attempts += 1;
      throw Object.assign(transientError('23503'), { constraint: 'likes_liked_id_fkey' });
    });
    await expect(failing).rejects.toSatisfy((e) => e instanceof DomainError && e.code === 'USER_NOT_FOUND');
    expect(attempts).toBe(2);
  });

  it('does not run again what failed for any other reason', async () => {
    let attempts = 0;
    const failing = db.transaction(async () => {
      attempts += 1;
      throw transientError('23514');
    });
    await expect(failing).rejects.toThrow('simulated 23514');
    expect(attempts).toBe(1);
  });
});
