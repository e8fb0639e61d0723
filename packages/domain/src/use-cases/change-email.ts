import type { Ports } from '../ports/index.js';
import type { User } from '../users/user.js';
import { ValidationError, errors } from '../errors.js';
import { checkEmail, normaliseEmail } from '../users/email.js';
import { loadSelf } from './get-me.js';

/**
 * Asks for a new address: it stays pending, and the old one in use, until
 * the link mailed to the new one is followed. If the new address belongs to
 * someone, it gets a mail saying so instead; the caller sees no difference.
 */
export class ChangeEmail {
  constructor(private readonly ports: Pick<Ports, 'users' | 'hasher' | 'outbox' | 'clock'>) {}

  async execute(input: {
    readonly userId: string;
    readonly email: string;
    readonly password: string;
  }): Promise<User> {
    const problems = checkEmail(input.email);
    if (problems.length > 0) throw new ValidationError(problems);
    const user = await loadSelf(this.ports.users, input.userId);
    if (!(await this.ports.hasher.verify(user.passwordHash, input.password))) throw errors.wrongPassword();

    const email = normaliseEmail(input.email);
    if (email === user.email) {
      if (user.pendingEmail === null) return user;
      const cancelled: User = { ...user, pendingEmail: null, updatedAt: this.ports.clock.now() };
      await this.ports.users.update(cancelled, user);
      return cancelled;
    }
    const updated: User = { ...user, pendingEmail: email, updatedAt: this.ports.clock.now() };
    await this.ports.users.update(updated, user);
    // The worker finds whether the address is taken: the answer and its time are the same either way.
    await this.ports.outbox.enqueue({ kind: 'confirm-email-change', userId: user.id, email });
    return updated;
  }
}
