import nodemailer, { type Transporter } from 'nodemailer';
import type { Mail, Mailer } from '@kindred/domain';
import { UnavailableError } from '@kindred/domain';
import { renderMail } from './templates/render-mail.js';
import type { RenderedMail } from './templates/layout.js';

export interface MailerOptions {
  /** `From:` of every mail, e.g. `Kindred <no-reply@kindred.example>`. */
  readonly from: string;
  /** The frontend's base URL, for links. */
  readonly appUrl: string;
}

/** Renders a domain `Mail` and hands it to a nodemailer transport. */
export class NodemailerMailer implements Mailer {
  constructor(
    private readonly transport: Transporter,
    private readonly options: MailerOptions,
    private readonly afterSend: (mail: RenderedMail, raw: Buffer | null) => Promise<void> = async () => {},
  ) {}

  async send(mail: Mail): Promise<void> {
    const rendered = renderMail(mail, this.options.appUrl);
    let info: { message?: unknown };
    try {
      info = await this.transport.sendMail({
        from: this.options.from,
        to: rendered.to,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
      });
    } catch (error) {
      throw new UnavailableError(`The mail server refused or did not answer: ${(error as Error).message}`);
    }
    await this.afterSend(rendered, Buffer.isBuffer(info.message) ? info.message : null);
  }

  close(): void {
    this.transport.close();
  }
}

/**
 * Sends over SMTP; `smtpUrl` is e.g. `smtp://user:pass@mail.example:587`.
 * A pool of a few connections, each reused for many mails: a batch of the
 * worker's goes out concurrently, without a handshake per mail.
 */
export function createSmtpMailer(smtpUrl: string, options: MailerOptions): NodemailerMailer {
  const url = new URL(smtpUrl);
  return new NodemailerMailer(
    nodemailer.createTransport({
      host: url.hostname,
      port: url.port ? Number(url.port) : url.protocol === 'smtps:' ? 465 : 587,
      secure: url.protocol === 'smtps:',
      ...(url.username && {
        auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) },
      }),
      pool: true,
      maxConnections: 5,
      maxMessages: 500,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    }),
    options,
  );
}
