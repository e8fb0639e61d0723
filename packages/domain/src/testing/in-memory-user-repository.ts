import type { User } from '../users/user.js';
import type { Picture } from '../users/picture.js';
import type { UserRepository } from '../ports/user-repository.js';
import { ConflictError, EmailTakenError } from '../errors.js';
import { usernameKey } from '../users/username.js';

export class InMemoryUserRepository implements UserRepository {
  private readonly byId = new Map<string, User>();
  /** Called with a user's id when it is deleted, so sibling stores can drop what it owned. */
  readonly onDelete: ((userId: string) => void)[] = [];

  all(): readonly User[] {
    return [...this.byId.values()];
  }

  /** The user now, synchronously (for sibling in-memory stores). */
  peek(id: string): User | undefined {
    return this.byId.get(id);
  }

  async findById(id: string): Promise<User | null> {
    return this.byId.get(id) ?? null;
  }

  async findByIds(ids: readonly string[]): Promise<User[]> {
    return ids.flatMap((id) => this.byId.get(id) ?? []);
  }

  async touch(userId: string, at: Date): Promise<void> {
    const user = this.byId.get(userId);
    if (user && (user.lastSeenAt === null || user.lastSeenAt < at))
      this.byId.set(userId, { ...user, lastSeenAt: at });
  }

  /** Presence, as `InMemoryPresence` reports it: a socket open or none. */
  setOnline(userId: string, online: boolean): void {
    const user = this.byId.get(userId);
    if (user) this.byId.set(userId, { ...user, online });
  }

  async findByUsername(username: string): Promise<User | null> {
    const key = usernameKey(username);
    return [...this.byId.values()].find((u) => usernameKey(u.username) === key) ?? null;
  }

  async findByEmail(email: string): Promise<User | null> {
    return [...this.byId.values()].find((u) => u.email === email) ?? null;
  }

  async add(user: User): Promise<void> {
    this.assertUnique(user);
    this.byId.set(user.id, user);
  }

  async update(user: User, read: User): Promise<void> {
    const existing = this.byId.get(user.id);
    if (!existing) return;
    // Only the fields changed from `read` are written (the port's rule); pictures and activity never.
    const changed = Object.fromEntries(
      Object.entries(user).filter(
        ([key, value]) =>
          !['pictures', 'online', 'lastSeenAt'].includes(key) &&
          JSON.stringify(value) !== JSON.stringify(read[key as keyof User]),
      ),
    ) as Partial<User>;
    const next = { ...existing, ...changed };
    this.assertUnique(next);
    this.byId.set(user.id, next);
  }

  async addPicture(userId: string, picture: Picture, max: number): Promise<boolean> {
    const user = this.byId.get(userId);
    if (!user || user.pictures.length >= max) return false;
    const pictures = [...user.pictures, picture].sort(
      (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id),
    );
    this.byId.set(userId, { ...user, pictures });
    return true;
  }

  async removePicture(userId: string, pictureId: string): Promise<Picture | null> {
    const user = this.byId.get(userId);
    const picture = user?.pictures.find((p) => p.id === pictureId);
    if (!user || !picture) return null;
    this.byId.set(userId, {
      ...user,
      pictures: user.pictures.filter((p) => p.id !== pictureId),
      profilePictureId: user.profilePictureId === pictureId ? null : user.profilePictureId,
    });
    return picture;
  }

  async delete(id: string): Promise<void> {
    if (this.byId.delete(id)) this.onDelete.forEach((drop) => drop(id));
  }

  async deleteUnverifiedCreatedBefore(cutoff: Date): Promise<number> {
    const stale = [...this.byId.values()].filter((u) => !u.emailVerified && u.createdAt < cutoff);
    for (const user of stale) await this.delete(user.id);
    return stale.length;
  }

  private assertUnique(user: User): void {
    for (const other of this.byId.values()) {
      if (other.id === user.id) continue;
      if (usernameKey(other.username) === usernameKey(user.username))
        throw new ConflictError('USERNAME_TAKEN', 'username');
      if (other.email === user.email) throw new EmailTakenError();
    }
  }
}
