import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isProfileComplete, type User } from '@kindred/domain';
import { aUser } from '@kindred/domain/testing';
import { createTestDatabase } from '../../../../test-support/test-database.js';
import { createOrm, migrate, type Orm } from '../orm.js';
import { Database, sql } from '../sql/sql.js';
import { MikroOrmUserRepository } from './mikro-orm-user-repository.js';

/**
 * `users.discoverable` is a generated column (migration 0007) so that the
 * discovery indexes can be partial: it restates "verified, with a complete
 * profile". This test holds it to the domain's `isProfileComplete` for every
 * combination of the fields that rule reads.
 */
let orm: Orm;
let users: MikroOrmUserRepository;

beforeAll(async () => {
  orm = await createOrm({ databaseUrl: await createTestDatabase('discoverable') });
  await migrate(orm);
  users = new MikroOrmUserRepository(orm);
});
afterAll(() => orm?.close());

const DISCOVERABLE = sql<[string], { discoverable: boolean }>('select discoverable from users where id = $1');

/** Each field `isProfileComplete` reads, and a value that leaves it missing. */
const MISSING: readonly [string, Partial<User>][] = [
  ['gender', { gender: null }],
  ['birthDate', { birthDate: null }],
  ['biography', { biography: null }],
  ['interests', { interests: [] }],
  ['profilePictureId', { profilePictureId: null }],
  ['location', { location: null }],
];

describe('the discoverable column', () => {
  it('is true exactly when the member is verified and isProfileComplete says so', async () => {
    const db = new Database(orm);
    let n = 0;
    const checked: boolean[] = [];
    for (let mask = 0; mask < 1 << MISSING.length; mask++) {
      for (const emailVerified of [true, false]) {
        n += 1;
        const id = `00000000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;
        const pictureId = `00000000-0000-7000-9000-${n.toString(16).padStart(12, '0')}`;
        const complete = aUser({
          id,
          emailVerified,
          gender: 'female',
          birthDate: '1990-05-01',
          biography: 'Tea and chess',
          interests: ['tea'],
          location: { latitude: 48.85, longitude: 2.35, source: 'manual', city: 'Paris' },
        });
        await users.add(complete);
        const picture = {
          id: pictureId,
          key: `k${n}.webp`,
          contentType: 'image/webp' as const,
          width: 1,
          height: 1,
          createdAt: new Date(),
        };
        await users.addPicture(id, picture, 5);
        const read = (await users.findById(id))!;
        let user: User = { ...read, profilePictureId: pictureId };
        for (const [bit, [, missing]] of MISSING.entries())
          if (mask & (1 << bit)) user = { ...user, ...missing };
        await users.update(user, read);
        const stored = (await users.findById(id))!;
        const expected = stored.emailVerified && isProfileComplete(stored);
        const [row] = await db.rows(DISCOVERABLE, id);
        expect(row?.discoverable, `missing ${mask.toString(2)}, verified ${emailVerified}`).toBe(expected);
        checked.push(expected);
      }
    }
    // Both answers were seen: one combination is discoverable, the other 127 are not.
    expect(checked.filter(Boolean)).toHaveLength(1);
    expect(checked).toHaveLength(128);
  });
});
