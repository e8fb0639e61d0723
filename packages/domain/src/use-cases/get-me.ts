import type { Ports } from '../ports/index.js';
import type { User } from '../users/user.js';
import { errors } from '../errors.js';

/** The signed-in user; a deleted account reads as signed out. */
export async function loadSelf(users: Ports['users'], userId: string): Promise<User> {
  const user = await users.findById(userId);
  if (!user) throw errors.unauthenticated();
  return user;
}

export class GetMe {
  constructor(private readonly ports: Pick<Ports, 'users'>) {}

  execute(input: { readonly userId: string }): Promise<User> {
    return loadSelf(this.ports.users, input.userId);
  }
}
