import type { Ports } from '../ports/index.js';
import type { User } from '../users/user.js';
import { ValidationError, errors } from '../errors.js';
import { checkUsername, usernameKey } from '../users/username.js';
import { loadSelf } from './get-me.js';

export class ChangeUsername {
  constructor(private readonly ports: Pick<Ports, 'users' | 'clock'>) {}

  async execute(input: { readonly userId: string; readonly username: string }): Promise<User> {
    const problems = checkUsername(input.username);
    if (problems.length > 0) throw new ValidationError(problems);
    const user = await loadSelf(this.ports.users, input.userId);
    if (user.username === input.username) return user;
    // Changing only the case of one's own name is no conflict.
    if (
      usernameKey(user.username) !== usernameKey(input.username) &&
      (await this.ports.users.findByUsername(input.username))
    ) {
      throw errors.usernameTaken();
    }
    const updated: User = { ...user, username: input.username, updatedAt: this.ports.clock.now() };
    await this.ports.users.update(updated, user);
    return updated;
  }
}
