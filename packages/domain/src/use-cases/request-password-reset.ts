import type { Ports } from '../ports/index.js';
import { MailTokens } from '../auth/mail-tokens.js';
import { LIFETIMES } from '../auth/lifetimes.js';
import { normaliseEmail } from '../users/email.js';

/** Mails a reset link when the address belongs to someone; the caller cannot tell. */
export class RequestPasswordReset {
  private readonly mailTokens: MailTokens;

  constructor(
    private readonly ports: Pick<Ports, 'users' | 'oneTimeTokens' | 'secrets' | 'mailer' | 'clock'>,
  ) {
    this.mailTokens = new MailTokens(ports);
  }

  async execute(input: { readonly email: string }): Promise<void> {
    const user = await this.ports.users.findByEmail(normaliseEmail(input.email));
    if (!user) return;
    const token = await this.mailTokens.create('reset-password', user.id, LIFETIMES.passwordResetMs);
    await this.ports.mailer.send({
      kind: 'password-reset',
      to: user.email,
      firstName: user.firstName,
      token,
    });
  }
}
