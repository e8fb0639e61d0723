import type { Ports } from '../ports/index.js';
import type { Role } from '../moderation/roles.js';
import type { User } from '../users/user.js';
import { errors } from '../errors.js';

/**
 * Grants a role (`member` takes one back). Only the command line calls it:
 * no route grants roles. The role is read from the member on every request,
 * so a change applies to their sessions at once.
 */
export class SetRole {
  constructor(private readonly ports: Pick<Ports, 'users' | 'clock'>) {}

  async execute(input: { readonly username: string; readonly role: Role }): Promise<User> {
    const user = await this.ports.users.findByUsername(input.username);
    if (!user) throw errors.userNotFound();
    if (user.role === input.role) return user;
    const updated: User = { ...user, role: input.role, updatedAt: this.ports.clock.now() };
    await this.ports.users.update(updated, user);
    return updated;
  }
}
