import type { Ports } from '../ports/index.js';
import { MailTokens } from '../auth/mail-tokens.js';
import { ValidationError, errors } from '../errors.js';
import { checkPassword } from '../users/password-policy.js';

/**
 * Sets a new password from a reset link and revokes every session. A refused
 * password leaves the link usable. Following the link also proves the address.
 */
export class ResetPassword {
  private readonly mailTokens: MailTokens;

  constructor(
    private readonly ports: Pick<
      Ports,
      'users' | 'sessions' | 'oneTimeTokens' | 'hasher' | 'blocklist' | 'secrets' | 'clock'
    >,
  ) {
    this.mailTokens = new MailTokens(ports);
  }

  async execute(input: { readonly token: string; readonly password: string }): Promise<void> {
    const record = await this.mailTokens.peek('reset-password', input.token);
    const user = await this.ports.users.findById(record.userId);
    if (!user) throw errors.tokenInvalid();
    const problems = checkPassword(input.password, user.username, this.ports.blocklist);
    if (problems.length > 0) throw new ValidationError(problems);
    const passwordHash = await this.ports.hasher.hash(input.password);
    await this.mailTokens.spend('reset-password', input.token);
    const now = this.ports.clock.now();
    await this.ports.users.update({ ...user, passwordHash, emailVerified: true, updatedAt: now }, user);
    await this.ports.sessions.revokeAllOf(user.id, now);
  }
}
