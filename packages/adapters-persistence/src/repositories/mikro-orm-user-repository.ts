import type { Picture, User, UserRepository } from '@kindred/domain';
import { usernameKey } from '@kindred/domain';
import type { Orm } from '../orm.js';
import { PictureSchema, UserSchema, type PictureRow, type UserRow } from '../schemas/user-schema.js';
import { parseTimestamp } from '../schemas/timestamps.js';
import { Batcher } from '../batcher.js';
import { Database, sql } from '../sql/sql.js';
import { columnOf, insertRow, selectColumns } from '../sql/rows.js';
import { onlyUuids } from '../schemas/uuid.js';
import { toUser, toUserRow, type UserRowWithPictures } from './user-mapper.js';
import { NODE_TIMEOUT_SECONDS } from './sql-presence.js';

const PICTURES_JSON = `coalesce((
  select json_agg(json_build_object('id', p.id, 'key', p.key, 'contentType', p.content_type, 'width', p.width,
                                    'height', p.height, 'createdAt', p.created_at) order by p.created_at, p.id)
  from pictures p where p.user_id = users.id), '[]') as "pictures"`;
// Last seen lives in user_activity (migration 0011; the column kept its first name, last_active_at).
const LAST_SEEN = `(select a.last_active_at from user_activity a where a.user_id = users.id) as "lastSeenAt"`;
/** Online: a socket open on a node that still beats (SqlPresence's rule; the same timeout). */
const ONLINE = `exists (select 1 from presence p join server_nodes n on n.id = p.node_id
                 where p.user_id = users.id and n.heartbeat_at > now() - make_interval(secs => ${NODE_TIMEOUT_SECONDS})) as "online"`;
const SELECT_USER = `select ${selectColumns(UserSchema)}, ${PICTURES_JSON}, ${LAST_SEEN}, ${ONLINE} from users`;

const BY = {
  id: sql<[string], UserRowWithPictures>(`${SELECT_USER} where id = $1 limit 1`, {
    prepare: 'kindred_user_by_id',
  }),
  usernameKey: sql<[string], UserRowWithPictures>(`${SELECT_USER} where username_key = $1 limit 1`, {
    prepare: 'kindred_user_by_username_key',
  }),
  email: sql<[string], UserRowWithPictures>(`${SELECT_USER} where email = $1 limit 1`, {
    prepare: 'kindred_user_by_email',
  }),
};
const BY_IDS = sql<[string[]], UserRowWithPictures>(`${SELECT_USER} where id = any($1::uuid[])`);
const INSERT_USER = insertRow<UserRow>(UserSchema, 'users');
const INSERT_PICTURE = insertRow<PictureRow>(PictureSchema, 'pictures');
const INSERT_ACTIVITY = sql<[string, Date]>(
  'insert into user_activity (user_id, last_active_at) values ($1, $2)',
);
/** Every column but the key and the creation time, in the schema's order. */
const CHANGING = Object.keys(UserSchema.meta.properties).filter(
  (p) => p !== 'id' && p !== 'createdAt',
) as (keyof UserRow)[];
/** `update users set a = $2, b = $3 … where id = $1` for the columns named, in the schema's order. */
function updateStatement(columns: readonly (keyof UserRow)[]) {
  return sql<unknown[]>(
    `update users set ${columns.map((p, i) => `${columnOf(p)} = $${i + 2}`).join(', ')} where id = $1`,
  );
}
const TOUCH = sql<[string[], string[]]>(
  // Joined with users: a member deleted meanwhile is skipped rather than failing the round.
  `insert into user_activity as a (user_id, last_active_at)
   select x.id, x.at from unnest($1::uuid[], $2::timestamptz[]) as x(id, at) join users u on u.id = x.id
    order by x.id
   on conflict (user_id) do update set last_active_at = excluded.last_active_at
    where a.last_active_at < excluded.last_active_at`,
);
const LOCK_USER = sql<[string], { id: string }>('select id from users where id = $1 for update');
const COUNT_PICTURES = sql<[string], { count: number }>(
  'select count(*)::int as count from pictures where user_id = $1',
);
const DELETE_PICTURE = sql<[string, string], Omit<Picture, 'createdAt'> & { createdAt: string | Date }>(
  `delete from pictures where id = $1 and user_id = $2
     returning id, key, content_type as "contentType", width, height, created_at as "createdAt"`,
);
// Browses are not tied to their viewer by a foreign key (migrations 0018, 0019): they go in the same statement.
const DELETE_USER = sql<[string]>(
  `with browses as (delete from discovery_pages where viewer_id = $1)
   delete from users where id = $1`,
);
const DELETE_UNVERIFIED = sql<[Date], { n: number }>(
  `with gone as (delete from users where not email_verified and created_at < $1 returning id),
   browses as (delete from discovery_pages b using gone where b.viewer_id = gone.id)
   select count(*)::int as n from gone`,
);

/** Users and their pictures in PostgreSQL; every statement's values are bound. */
export class MikroOrmUserRepository implements UserRepository {
  private readonly db: Database;

  constructor(orm: Orm) {
    this.db = new Database(orm);
  }

  findById(id: string): Promise<User | null> {
    const [known] = onlyUuids([id]);
    return known ? this.findOne('id', known) : Promise.resolve(null);
  }

  async findByIds(ids: readonly string[]): Promise<User[]> {
    const known = onlyUuids(ids);
    if (known.length === 0) return [];
    return (await this.db.rows(BY_IDS, known)).map(toUser);
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
    const ids = onlyUuids([...latest.keys()]).sort();
    await this.db.run(
      TOUCH,
      ids,
      ids.map((id) => latest.get(id)!.toISOString()),
    );
    return batch.map(() => undefined);
  });

  findByUsername(username: string): Promise<User | null> {
    return this.findOne('usernameKey', usernameKey(username));
  }

  findByEmail(email: string): Promise<User | null> {
    return this.findOne('email', email);
  }

  async add(user: User): Promise<void> {
    // One statement for a new member (every registration runs it); activity, when there is some, apart.
    if (!user.lastSeenAt)
      return void (await this.db.run(INSERT_USER.statement, ...INSERT_USER.valuesOf(toUserRow(user))));
    await this.db.transaction(async (tx) => {
      await tx.run(INSERT_USER.statement, ...INSERT_USER.valuesOf(toUserRow(user)));
      await tx.run(INSERT_ACTIVITY, user.id, user.lastSeenAt!);
    });
  }

  async update(user: User, read: User): Promise<void> {
    // Only what the caller changed is written: a stale copy of the rest (the profile picture another
    // request just chose or removed, a name edited meanwhile) would otherwise be written back.
    // Activity is written by `touch` alone (it is not in the row).
    const [row, before] = [toUserRow(user), toUserRow(read)];
    const changed = CHANGING.filter((p) => !sameValue(row[p], before[p]));
    if (changed.length === 0) return;
    await this.db.run(updateStatement(changed), row.id, ...changed.map((p) => row[p]));
  }

  addPicture(userId: string, picture: Picture, max: number): Promise<boolean> {
    const [known] = onlyUuids([userId]);
    if (!known) return Promise.resolve(false);
    return this.db.transaction(async (tx) => {
      // Locking the user row serialises concurrent uploads of one member.
      if (!(await tx.first(LOCK_USER, known))) return false;
      const counted = await tx.first(COUNT_PICTURES, known);
      if ((counted?.count ?? 0) >= max) return false;
      await tx.run(INSERT_PICTURE.statement, ...INSERT_PICTURE.valuesOf({ ...picture, userId: known }));
      return true;
    });
  }

  async removePicture(userId: string, pictureId: string): Promise<Picture | null> {
    const [user, picture] = [onlyUuids([userId])[0], onlyUuids([pictureId])[0]];
    if (!user || !picture) return null;
    // The foreign key clears users.profile_picture_id when it named this picture.
    const row = await this.db.first(DELETE_PICTURE, picture, user);
    return row ? { ...row, createdAt: parseTimestamp(row.createdAt) } : null;
  }

  async delete(id: string): Promise<void> {
    // Sessions, tokens and everything else a user owns go by ON DELETE CASCADE, browses with it.
    const [known] = onlyUuids([id]);
    if (known) await this.db.run(DELETE_USER, known);
  }

  async deleteUnverifiedCreatedBefore(cutoff: Date): Promise<number> {
    return (await this.db.first(DELETE_UNVERIFIED, cutoff))?.n ?? 0;
  }

  private async findOne(by: keyof typeof BY, value: string): Promise<User | null> {
    const row = await this.db.first(BY[by], value);
    return row ? toUser(row) : null;
  }
}

/** Equality of two column values: dates by instant, arrays and JSON by content. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (typeof a === 'object' && a !== null) return JSON.stringify(a) === JSON.stringify(b);
  return a === b;
}
