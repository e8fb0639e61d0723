import type { Mail, Mailer } from '../ports/mailer.js';

/** Keeps every mail it is asked to send, newest last. */
export class RecordingMailer implements Mailer {
  readonly sent: Mail[] = [];

  async send(mail: Mail): Promise<void> {
    this.sent.push(mail);
  }

  /** The newest mail of a kind to an address. */
  last<K extends Mail['kind']>(kind: K, to?: string): Extract<Mail, { kind: K }> | undefined {
    return this.sent.findLast(
      (m): m is Extract<Mail, { kind: K }> => m.kind === kind && (to === undefined || m.to === to),
    );
  }
}
