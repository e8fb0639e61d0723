import type { User, UserRepository } from '@kindred/domain';
import { usernameKey } from '@kindred/domain';
import type { Orm } from '../orm.js';
import { translating } from '../database-errors.js';
import { UserSchema, type UserRow } from '../schemas/user-schema.js';
import { selectColumns } from '../schemas/select-columns.js';
import { preparedQuery } from '../prepared-query.js';
import { toUser, toUserRow } from './user-mapper.js';

const SELECT_USER = `select ${selectColumns(UserSchema)} from users`;

/**
 * Writes go through an EntityManager fork per call (no identity map outlives
 * a step of a use case); reads, on every request's path, are plain SQL.
 */
export class MikroOrmUserRepository implements UserRepository {
  constructor(private readonly orm: Orm) {}

  findById(id: string): Promise<User | null> {
    return this.findOne('id', id);
  }

  findByUsername(username: string): Promise<User | null> {
    return this.findOne('username_key', usernameKey(username));
  }

  findByEmail(email: string): Promise<User | null> {
    return this.findOne('email', email);
  }

  add(user: User): Promise<void> {
    return translating(async () => {
      await this.orm.em.fork().insert(UserSchema, toUserRow(user));
    });
  }

  update(user: User): Promise<void> {
    return translating(async () => {
      const { id, createdAt: _createdAt, ...changes } = toUserRow(user);
      await this.orm.em.fork().nativeUpdate(UserSchema, { id }, changes);
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
      const row = await preparedQuery<UserRow>(this.orm, `kindred_user_by_${column}`, sql, [value]);
      return row ? toUser(row) : null;
    });
  }
}
