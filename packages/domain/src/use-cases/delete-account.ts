import type { Ports } from '../ports/index.js';
import { errors } from '../errors.js';
import { loadSelf } from './get-me.js';

/** Removes the account and everything it owns, once the password confirms it. */
export class DeleteAccount {
  constructor(private readonly ports: Pick<Ports, 'users' | 'hasher'>) {}

  async execute(input: { readonly userId: string; readonly password: string }): Promise<void> {
    const user = await loadSelf(this.ports.users, input.userId);
    if (!(await this.ports.hasher.verify(user.passwordHash, input.password))) throw errors.wrongPassword();
    await this.ports.users.delete(user.id);
  }
}
