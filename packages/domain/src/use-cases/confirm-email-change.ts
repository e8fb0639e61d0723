import type { Ports } from '../ports/index.js';
import type { User } from '../users/user.js';
import { MailTokens } from '../auth/mail-tokens.js';
import { EmailTakenError, errors } from '../errors.js';
import { loadSelf } from './get-me.js';

/**
 * Follows the link mailed to a new address. Only the latest pending address
 * can be confirmed, by its owner; a link for an address someone took
 * meanwhile is no longer valid.
 */
export class ConfirmEmailChange {
  private readonly mailTokens: MailTokens;

  constructor(private readonly ports: Pick<Ports, 'users' | 'oneTimeTokens' | 'secrets' | 'clock'>) {
    this.mailTokens = new MailTokens(ports);
  }

  async execute(input: { readonly userId: string; readonly token: string }): Promise<User> {
    const record = await this.mailTokens.peek('confirm-email', input.token);
    const user = await loadSelf(this.ports.users, input.userId);
    if (record.userId !== user.id || record.email === null || record.email !== user.pendingEmail) {
      throw errors.tokenInvalid();
    }
    await this.mailTokens.spend('confirm-email', input.token);
    const updated: User = {
      ...user,
      email: record.email,
      pendingEmail: null,
      emailVerified: true,
      updatedAt: this.ports.clock.now(),
    };
    try {
      await this.ports.users.update(updated, user);
    } catch (error) {
      if (error instanceof EmailTakenError) throw errors.tokenInvalid();
      throw error;
    }
    return updated;
  }
}
