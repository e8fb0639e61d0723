import type { Ports } from '../ports/index.js';
import type { User } from '../users/user.js';
import { MailTokens } from '../auth/mail-tokens.js';
import { errors } from '../errors.js';
import { approximateLocation } from './approximate-location.js';

/** Follows a verification link: the account becomes usable. */
export class VerifyEmail {
  private readonly mailTokens: MailTokens;

  constructor(
    private readonly ports: Pick<
      Ports,
      'users' | 'oneTimeTokens' | 'secrets' | 'clock' | 'ipLocator' | 'social'
    >,
  ) {
    this.mailTokens = new MailTokens(ports);
  }

  async execute(input: { readonly token: string; readonly ip?: string | undefined }): Promise<User> {
    const record = await this.mailTokens.peek('verify-email', input.token);
    const user = await this.ports.users.findById(record.userId);
    if (!user) throw errors.tokenInvalid();
    await this.mailTokens.spend('verify-email', input.token);
    const verified: User = { ...user, emailVerified: true, updatedAt: this.ports.clock.now() };
    await this.ports.users.update(verified, user);
    return approximateLocation(this.ports, verified, input.ip);
  }
}
