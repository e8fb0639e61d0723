import type { Picture, User, UserRepository } from '@kindred/domain';
import { CHANGE_CHANNELS, type ChangeNotifications } from './change-notifications.js';
import { InvalidatedCache } from './invalidated-cache.js';

/**
 * Users by id, cached per node: the signed-in user is read on most requests.
 * A trigger on `users` tells every node of each update or delete, whoever
 * made it; this node's own writes evict at once.
 */
export class CachedUserRepository implements UserRepository {
  private readonly byId: InvalidatedCache<User>;

  constructor(
    private readonly inner: UserRepository,
    notifications: ChangeNotifications,
  ) {
    this.byId = new InvalidatedCache(notifications, CHANGE_CHANNELS.userChanged, 50_000);
  }

  findById(id: string): Promise<User | null> {
    return this.byId.get(id, () => this.inner.findById(id));
  }

  findByIds(ids: readonly string[]): Promise<User[]> {
    // Lists of members (discovery pages, notifications, conversations) mostly name members read recently.
    return this.byId.getMany(
      ids,
      (missing) => this.inner.findByIds(missing),
      (user) => user.id,
    );
  }

  touch(userId: string, at: Date): Promise<void> {
    return this.byId.writing(
      () => this.byId.forget(userId),
      () => this.inner.touch(userId, at),
    );
  }

  findByUsername(username: string): Promise<User | null> {
    return this.inner.findByUsername(username);
  }

  findByEmail(email: string): Promise<User | null> {
    return this.inner.findByEmail(email);
  }

  add(user: User): Promise<void> {
    return this.inner.add(user);
  }

  update(user: User, read: User): Promise<void> {
    return this.byId.writing(
      () => this.byId.forget(user.id),
      () => this.inner.update(user, read),
    );
  }

  addPicture(userId: string, picture: Picture, max: number): Promise<boolean> {
    return this.byId.writing(
      () => this.byId.forget(userId),
      () => this.inner.addPicture(userId, picture, max),
    );
  }

  removePicture(userId: string, pictureId: string): Promise<Picture | null> {
    return this.byId.writing(
      () => this.byId.forget(userId),
      () => this.inner.removePicture(userId, pictureId),
    );
  }

  delete(id: string): Promise<void> {
    return this.byId.writing(
      () => this.byId.forget(id),
      () => this.inner.delete(id),
    );
  }

  deleteUnverifiedCreatedBefore(cutoff: Date): Promise<number> {
    return this.byId.writing(
      () => this.byId.forgetWhere((user) => !user.emailVerified && user.createdAt < cutoff),
      () => this.inner.deleteUnverifiedCreatedBefore(cutoff),
    );
  }
}
