import type { Picture, User, UserRepository } from '@kindred/domain';
import { usernameKey } from '@kindred/domain';
import type { Orm } from '../orm.js';
import { translating } from '../database-errors.js';
import { PictureSchema, UserSchema } from '../schemas/user-schema.js';
import { parseTimestamp, selectColumns } from '../schemas/select-columns.js';
import { preparedQuery } from '../prepared-query.js';
import { Batcher } from '../batcher.js';
import { isUuid, uuidArray } from '../schemas/uuid.js';
import { toUser, toUserRow, type UserRowWithPictures } from './user-mapper.js';

const PICTURES_JSON = `coalesce((
  select json_agg(json_build_object('id', p.id, 'key', p.key, 'contentType', p.content_type, 'width', p.width,
                                    'height', p.height, 'createdAt', p.created_at) order by p.created_at, p.id)
  from pictures p where p.user_id = users.id), '[]') as "pictures"`;
const LAST_ACTIVE = `(select a.last_active_at from user_activity a where a.user_id = users.id) as "lastActiveAt"`;
const SELECT_USER = `select ${selectColumns(UserSchema)}, ${PICTURES_JSON}, ${LAST_ACTIVE} from users`;

/**
 * Writes go through an EntityManager fork per call (no identity map outlives
 * a step of a use case); reads, on every request's path, are plain SQL.
 */
export class MikroOrmUserRepository implements UserRepository {
  constructor(private readonly orm: Orm) {}

  findById(id: string): Promise<User | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return this.findOne('id', id);
  }

  findByIds(ids: readonly string[]): Promise<User[]> {
    ids = ids.filter(isUuid);
    if (ids.length === 0) return Promise.resolve([]);
    return translating(async () => {
      const rows = (await this.orm.em
        .getConnection()
        .execute(`${SELECT_USER} where id = any(?::uuid[])`, [uuidArray(ids)])) as UserRowWithPictures[];
      return rows.map(toUser);
    });
  }

  touch(userId: string, at: Date): Promise<void> {
    return this.touches.load({ userId, at });
  }

  /**
   * Activity of many members at once (a heartbeat round of every open
   * socket) goes as one statement, in id order so that concurrent rounds
   * never deadlock.
   */
  private readonly touches = new Batcher<{ userId: string; at: Date }, void>(async (batch) => {
    const latest = new Map<string, Date>();
    for (const { userId, at } of batch) if (!(latest.get(userId)! >= at)) latest.set(userId, at);
    const ids = [...latest.keys()].filter(isUuid).sort();
    // Joined with users: a member deleted meanwhile is skipped rather than failing the round.
    await translating(() =>
      this.orm.em.getConnection().execute(
        `insert into user_activity as a (user_id, last_active_at)
         select x.id, x.at from unnest(?::uuid[], ?::timestamptz[]) as x(id, at) join users u on u.id = x.id
          order by x.id
         on conflict (user_id) do update set last_active_at = excluded.last_active_at
          where a.last_active_at < excluded.last_active_at`,
        [`{${ids.join(',')}}`, `{${ids.map((id) => `"${latest.get(id)!.toISOString()}"`).join(',')}}`],
      ),
    );
    return batch.map(() => undefined);
  });

  findByUsername(username: string): Promise<User | null> {
    return this.findOne('username_key', usernameKey(username));
  }

  findByEmail(email: string): Promise<User | null> {
    return this.findOne('email', email);
  }

  add(user: User): Promise<void> {
    return translating(async () => {
      await this.orm.em.fork().transactional(async (em) => {
        await em.insert(UserSchema, toUserRow(user));
        if (user.lastActiveAt)
          await em.execute('insert into user_activity (user_id, last_active_at) values (?, ?)', [
            user.id,
            user.lastActiveAt,
          ]);
      });
    });
  }

  update(user: User): Promise<void> {
    return translating(async () => {
      // Activity is written by `touch` alone (it is not in the row), so an older copy of the user never turns it back.
      const { id, createdAt: _createdAt, ...changes } = toUserRow(user);
      await this.orm.em.fork().nativeUpdate(UserSchema, { id }, changes);
    });
  }

  addPicture(userId: string, picture: Picture, max: number): Promise<boolean> {
    return translating(() =>
      this.orm.em.fork().transactional(async (em) => {
        // Locking the user row serialises concurrent uploads of one member.
        const locked = await em.execute('select id from users where id = ? for update', [userId]);
        if (locked.length === 0) return false;
        const [{ count }] = (await em.execute(
          'select count(*)::int as count from pictures where user_id = ?',
          [userId],
        )) as [{ count: number }];
        if (count >= max) return false;
        await em.insert(PictureSchema, { ...picture, userId });
        return true;
      }),
    );
  }

  removePicture(userId: string, pictureId: string): Promise<Picture | null> {
    // The foreign key clears users.profile_picture_id when it named this picture.
    return translating(async () => {
      const rows = (await this.orm.em.getConnection().execute(
        `delete from pictures where id = ? and user_id = ?
           returning id, key, content_type as "contentType", width, height, created_at as "createdAt"`,
        [pictureId, userId],
      )) as (Omit<Picture, 'createdAt'> & { createdAt: string | Date })[];
      const row = rows[0];
      return row ? { ...row, createdAt: parseTimestamp(row.createdAt) } : null;
    });
  }

  delete(id: string): Promise<void> {
    // Sessions, tokens and everything else a user owns go by ON DELETE CASCADE.
    return translating(async () => {
      await this.orm.em.fork().nativeDelete(UserSchema, { id });
    });
  }

  deleteUnverifiedCreatedBefore(cutoff: Date): Promise<number> {
    return translating(() =>
      this.orm.em.fork().nativeDelete(UserSchema, { emailVerified: false, createdAt: { $lt: cutoff } }),
    );
  }

  private findOne(column: 'id' | 'username_key' | 'email', value: string): Promise<User | null> {
    return translating(async () => {
      const sql = `${SELECT_USER} where ${column} = $1 limit 1`;
      const row = await preparedQuery<UserRowWithPictures>(this.orm, `kindred_user_by_${column}`, sql, [
        value,
      ]);
      return row ? toUser(row) : null;
    });
  }
}
