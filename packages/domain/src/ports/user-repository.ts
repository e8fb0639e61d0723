import type { User } from '../users/user.js';
import type { Picture } from '../users/picture.js';

export interface UserRepository {
  findById(id: string): Promise<User | null>;
  /** The users that exist among `ids`, in no particular order. */
  findByIds(ids: readonly string[]): Promise<User[]>;
  /** Records when the member was last seen (their last socket closed); never goes back in time. */
  touch(userId: string, at: Date): Promise<void>;
  /** Case-insensitive. */
  findByUsername(username: string): Promise<User | null>;
  /** `email` is normalised. */
  findByEmail(email: string): Promise<User | null>;
  /**
   * Throws `ConflictError('USERNAME_TAKEN')` for a taken username and
   * `EmailTakenError` for a taken address, also when two adds race.
   */
  add(user: User): Promise<void>;
  /**
   * Writes the fields of `user` that differ from `read`, the copy the change was made from, so that
   * a concurrent change of other fields (a profile picture chosen, a fame recount) is not overwritten
   * by a stale copy. Same conflicts as `add`; pictures have methods of their own.
   */
  update(user: User, read: User): Promise<void>;
  /**
   * Adds a picture unless the user already has `max`; answers whether it did.
   * Atomic: concurrent uploads cannot together pass the limit.
   */
  addPicture(userId: string, picture: Picture, max: number): Promise<boolean>;
  /** Removes one of the user's pictures; answers it, or null if the user has no such picture. */
  removePicture(userId: string, pictureId: string): Promise<Picture | null>;
  /** Removes the user and everything they own. */
  delete(id: string): Promise<void>;
  /** Removes accounts still unverified that were made before `cutoff`; answers how many. */
  deleteUnverifiedCreatedBefore(cutoff: Date): Promise<number>;
}
