import nodemailer from 'nodemailer';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NodemailerMailer, type MailerOptions } from './nodemailer-mailer.js';

export interface OutboxOptions extends MailerOptions {
  /** Folder the `.eml` files go to. */
  readonly dir: string;
  /** Told of each mail with its link, for the developer's console. */
  readonly log: (entry: { to: string; subject: string; link: string | null; file: string }) => void;
}

/**
 * The development stand-in for SMTP: each mail becomes an `.eml` file (open
 * it in any mail client) and a log line with its link.
 */
export function createOutboxMailer(options: OutboxOptions): NodemailerMailer {
  let counter = 0;
  return new NodemailerMailer(
    nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' }),
    options,
    async (mail, raw) => {
      await mkdir(options.dir, { recursive: true });
      counter += 1;
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const file = join(options.dir, `${stamp}-${counter}-${mail.to.replace(/[^a-zA-Z0-9@._-]/g, '_')}.eml`);
      await writeFile(file, raw ?? mail.text, { mode: 0o600 });
      options.log({ to: mail.to, subject: mail.subject, link: mail.link, file });
    },
  );
}
