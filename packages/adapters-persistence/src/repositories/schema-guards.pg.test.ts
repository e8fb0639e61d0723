import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENDERS, LOCATION_SOURCES, NOTIFICATION_TYPES } from '@kindred/domain';
import { aUser } from '@kindred/domain/testing';
import { createTestDatabase } from '../../../../test-support/test-database.js';
import { createOrm, migrate, type Orm } from '../orm.js';
import { Database, sql } from '../sql/sql.js';
import { REFERENCED_ROW_GONE } from '../database-errors.js';
import { MikroOrmUserRepository } from './mikro-orm-user-repository.js';
import { SqlNotificationRepository } from './sql-social-repository.js';

/**
 * The migrations' check constraints restate the domain's lists (genders,
 * location sources, notification types) as a last guard of the data. This
 * holds each copy to its list: every value the domain names is stored and
 * read back, and a value it does not name is refused by the database.
 */
let orm: Orm;
let db: Database;
let users: MikroOrmUserRepository;

beforeAll(async () => {
  orm = await createOrm({ databaseUrl: await createTestDatabase('schema_guards') });
  await migrate(orm);
  db = new Database(orm);
  users = new MikroOrmUserRepository(orm);
});
afterAll(() => orm?.close());

const id = (n: number) => `00000000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;
const SQLSTATE_CHECK_VIOLATION = '23514';
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => 'stored',
    (error: { code?: string }) => error.code,
  );

describe('check constraints hold the domain’s lists', () => {
  it('genders and location sources', async () => {
    let n = 0;
    for (const gender of GENDERS)
      for (const source of LOCATION_SOURCES) {
        const user = aUser({
          id: id(++n),
          gender,
          location: { latitude: 1, longitude: 2, source, city: null },
        });
        await users.add(user);
        expect(await users.findById(user.id)).toMatchObject({ gender, location: { source } });
      }
    const [ann] = [id(1)];
    expect(
      await refusal(
        db.run(sql<[string, string]>('update users set gender = $1 where id = $2'), 'other', ann),
      ),
    ).toBe(SQLSTATE_CHECK_VIOLATION);
    expect(
      await refusal(
        db.run(sql<[string, string]>('update users set location_source = $1 where id = $2'), 'wifi', ann),
      ),
    ).toBe(SQLSTATE_CHECK_VIOLATION);
  });

  it('notification types', async () => {
    const notifications = new SqlNotificationRepository(orm);
    const [owner, actor] = [aUser({ id: id(100) }), aUser({ id: id(101) })];
    await users.add(owner);
    await users.add(actor);
    for (const [i, type] of NOTIFICATION_TYPES.entries())
      await notifications.add({
        id: id(200 + i),
        userId: owner.id,
        type,
        actorId: type === 'moderation' ? null : actor.id,
        conversationId: null,
        createdAt: new Date(),
        readAt: null,
      });
    const page = await notifications.list(owner.id, { unreadOnly: false, limit: 50, after: null });
    expect(page.items.map((x) => x.type).sort()).toEqual([...NOTIFICATION_TYPES].sort());
    expect(
      await refusal(
        db.run(sql<[string, string]>('update notifications set type = $1 where id = $2'), 'poke', id(200)),
      ),
    ).toBe(SQLSTATE_CHECK_VIOLATION);
    // Only a moderator's notice has no actor (moderators stay anonymous), and it never has one.
    expect(
      await refusal(db.run(sql<[string]>('update notifications set actor_id = null where id = $1'), id(200))),
    ).toBe(SQLSTATE_CHECK_VIOLATION);
    expect(
      await refusal(
        db.run(sql<[string]>("update notifications set type = 'moderation' where id = $1"), id(200)),
      ),
    ).toBe(SQLSTATE_CHECK_VIOLATION);
  });

  it('roles, and an audit trail nobody edits', async () => {
    const member = aUser({ id: id(300) });
    await users.add(member);
    expect(
      await refusal(db.run(sql<[string]>("update users set role = 'owner' where id = $1"), member.id)),
    ).toBe(SQLSTATE_CHECK_VIOLATION);
    await db.run(
      sql<[string, string]>(
        `insert into moderation_audit (id, moderator_id, moderator_username, action, target_id, target_username, at)
         values ($1, $2, 'mod', 'ban', $2, 'x', now())`,
      ),
      id(301),
      member.id,
    );
    for (const statement of [
      "update moderation_audit set reason = 'edited' where id = $1",
      'delete from moderation_audit where id = $1',
    ])
      expect(await refusal(db.run(sql<[string]>(statement), id(301)))).toBe('P0001');
  });
});

describe('foreign keys', () => {
  it('each says what its failure means (database-errors.ts names every one)', async () => {
    const rows = await db.rows(
      sql<[], { name: string }>(
        `select conname as name from pg_constraint
          where contype = 'f' and connamespace = 'public'::regnamespace order by conname`,
      ),
    );
    expect(rows.length).toBeGreaterThan(20);
    expect(rows.map((r) => r.name).filter((name) => !(name in REFERENCED_ROW_GONE))).toEqual([]);
    expect(Object.keys(REFERENCED_ROW_GONE).filter((name) => !rows.some((r) => r.name === name))).toEqual([]);
  });
});
