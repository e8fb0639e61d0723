import type { Ports } from '../ports/index.js';
import type { MailRequest } from '../ports/mail-outbox.js';
import type { User } from '../users/user.js';
import { MailTokens } from '../auth/mail-tokens.js';
import { LIFETIMES } from '../auth/lifetimes.js';

/**
 * The worker's half of a mail request: decides whether it goes and makes
 * its token. `mailer` here is the real one (SMTP), not the outbox. A request
 * retried after a failure makes a fresh token; the earlier one, never
 * mailed, expires unused.
 */
export class DeliverMailRequest {
  private readonly mailTokens: MailTokens;

  constructor(
    private readonly ports: Pick<Ports, 'users' | 'oneTimeTokens' | 'secrets' | 'mailer' | 'clock'>,
  ) {
    this.mailTokens = new MailTokens(ports);
  }

  async execute(request: MailRequest): Promise<void> {
    switch (request.kind) {
      case 'mail':
        return this.ports.mailer.send(request.mail);
      case 'verify-email':
        return this.verify(await this.ports.users.findById(request.userId));
      case 'resend-verification':
        return this.verify(
          request.email !== null
            ? await this.ports.users.findByEmail(request.email)
            : request.username !== null
              ? await this.ports.users.findByUsername(request.username)
              : null,
        );
      case 'already-registered': {
        const owner = await this.ports.users.findByEmail(request.email);
        if (!owner) return;
        const verifyToken = owner.emailVerified
          ? null
          : await this.mailTokens.create('verify-email', owner.id, LIFETIMES.emailVerificationMs);
        return this.ports.mailer.send({
          kind: 'already-registered',
          to: owner.email,
          firstName: owner.firstName,
          verifyToken,
        });
      }
      case 'confirm-email-change': {
        const user = await this.ports.users.findById(request.userId);
        if (!user || user.pendingEmail !== request.email) return;
        if (await this.ports.users.findByEmail(request.email))
          return this.ports.mailer.send({ kind: 'email-change-address-taken', to: request.email });
        const token = await this.mailTokens.create(
          'confirm-email',
          user.id,
          LIFETIMES.emailChangeMs,
          request.email,
        );
        return this.ports.mailer.send({
          kind: 'confirm-email-change',
          to: request.email,
          firstName: user.firstName,
          token,
        });
      }
      case 'password-reset': {
        const user = await this.ports.users.findByEmail(request.email);
        if (!user) return;
        const token = await this.mailTokens.create('reset-password', user.id, LIFETIMES.passwordResetMs);
        return this.ports.mailer.send({
          kind: 'password-reset',
          to: user.email,
          firstName: user.firstName,
          token,
        });
      }
    }
  }

  private async verify(user: User | null): Promise<void> {
    if (!user || user.emailVerified) return;
    const token = await this.mailTokens.create('verify-email', user.id, LIFETIMES.emailVerificationMs);
    await this.ports.mailer.send({ kind: 'verify-email', to: user.email, firstName: user.firstName, token });
  }
}
