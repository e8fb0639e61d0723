import type { Ports } from '../ports/index.js';
import { MailTokens } from '../auth/mail-tokens.js';
import { LIFETIMES } from '../auth/lifetimes.js';
import { normaliseEmail } from '../users/email.js';

/** Mails a fresh verification link to an unverified account; silent otherwise. */
export class ResendVerification {
  private readonly mailTokens: MailTokens;

  constructor(
    private readonly ports: Pick<Ports, 'users' | 'oneTimeTokens' | 'secrets' | 'mailer' | 'clock'>,
  ) {
    this.mailTokens = new MailTokens(ports);
  }

  async execute(input: {
    readonly email?: string | undefined;
    readonly username?: string | undefined;
  }): Promise<void> {
    const user =
      input.email !== undefined
        ? await this.ports.users.findByEmail(normaliseEmail(input.email))
        : input.username !== undefined
          ? await this.ports.users.findByUsername(input.username)
          : null;
    if (!user || user.emailVerified) return;
    const token = await this.mailTokens.create('verify-email', user.id, LIFETIMES.emailVerificationMs);
    await this.ports.mailer.send({ kind: 'verify-email', to: user.email, firstName: user.firstName, token });
  }
}
