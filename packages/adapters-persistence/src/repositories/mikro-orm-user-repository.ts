import type { User, UserRepository } from '@kindred/domain';
import { usernameKey } from '@kindred/domain';
import type { Orm } from '../orm.js';
import { translating } from '../database-errors.js';
import { UserSchema } from '../schemas/user-schema.js';
import { toUser, toUserRow } from './user-mapper.js';

/** Each call works in its own EntityManager fork: no identity map outlives a use case step. */
export class MikroOrmUserRepository implements UserRepository {
  constructor(private readonly orm: Orm) {}

  findById(id: string): Promise<User | null> {
    return this.findOne({ id });
  }

  findByUsername(username: string): Promise<User | null> {
    return this.findOne({ usernameKey: usernameKey(username) });
  }

  findByEmail(email: string): Promise<User | null> {
    return this.findOne({ email });
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
    return translating(() => this.orm.em.fork().nativeDelete(UserSchema, { emailVerified: false, createdAt: { $lt: cutoff } }));
  }

  private findOne(where: Partial<Record<'id' | 'usernameKey' | 'email', string>>): Promise<User | null> {
    return translating(async () => {
      const row = await this.orm.em.fork().findOne(UserSchema, where, { disableIdentityMap: true });
      return row ? toUser(row) : null;
    });
  }
}
