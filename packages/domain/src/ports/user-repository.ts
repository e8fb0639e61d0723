import type { User } from '../users/user.js';

export interface UserRepository {
  findById(id: string): Promise<User | null>;
  /** Case-insensitive. */
  findByUsername(username: string): Promise<User | null>;
  /** `email` is normalised. */
  findByEmail(email: string): Promise<User | null>;
  /**
   * Throws `ConflictError('USERNAME_TAKEN')` for a taken username and
   * `EmailTakenError` for a taken address, also when two adds race.
   */
  add(user: User): Promise<void>;
  /** Same conflicts as `add`. */
  update(user: User): Promise<void>;
  /** Removes the user and everything they own. */
  delete(id: string): Promise<void>;
  /** Removes accounts still unverified that were made before `cutoff`; answers how many. */
  deleteUnverifiedCreatedBefore(cutoff: Date): Promise<number>;
}
