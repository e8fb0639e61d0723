import type { Ports } from '../ports/index.js';
import { ValidationError, errors } from '../errors.js';
import { checkPassword } from '../users/password-policy.js';
import { loadSelf } from './get-me.js';

/** Sets a new password; every other session of the user is revoked. */
export class ChangePassword {
  constructor(private readonly ports: Pick<Ports, 'users' | 'sessions' | 'hasher' | 'blocklist' | 'clock'>) {}

  async execute(input: {
    readonly userId: string;
    readonly sessionId: string;
    readonly currentPassword: string;
    readonly newPassword: string;
  }): Promise<void> {
    const user = await loadSelf(this.ports.users, input.userId);
    const problems = checkPassword(input.newPassword, user.username, this.ports.blocklist, '/newPassword');
    if (problems.length > 0) throw new ValidationError(problems);
    if (!(await this.ports.hasher.verify(user.passwordHash, input.currentPassword)))
      throw errors.wrongPassword();
    const now = this.ports.clock.now();
    await this.ports.users.update(
      {
        ...user,
        passwordHash: await this.ports.hasher.hash(input.newPassword),
        updatedAt: now,
      },
      user,
    );
    await this.ports.sessions.revokeAllOf(user.id, now, input.sessionId);
  }
}
