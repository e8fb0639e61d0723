import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';

export interface ReceivedMail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** The first `?token=` in the text, if any. */
  readonly token: string | null;
  readonly raw: ParsedMail;
}

/**
 * A real SMTP server in the test process (STARTTLS off, any login accepted)
 * that parses what it receives. It can be stopped and started again on the
 * same port to play a mail server that goes down.
 */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  private server: SMTPServer | null = null;
  private waiters: (() => void)[] = [];
  port = 0;

  async start(port = this.port): Promise<this> {
    // Once stopping, the server tells every open session 421: a message whose reading ends after that
    // was not accepted (the client retries it), so it is not counted as received either.
    const state = { stopping: false };
    const server: SMTPServer & { kindredState?: typeof state } = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      authOptional: true,
      // Stopping drops open (pooled) connections at once, as a server that goes away does.
      closeTimeout: 50,
      logger: false,
      onData: (stream, _session, callback) => {
        simpleParser(stream)
          .then((parsed) => {
            if (state.stopping) return callback(new Error('Shutting down'));
            const text = parsed.text ?? '';
            const to = Array.isArray(parsed.to) ? parsed.to[0]?.text : parsed.to?.text;
            this.received.push({
              to: to ?? '',
              subject: parsed.subject ?? '',
              text,
              html: typeof parsed.html === 'string' ? parsed.html : '',
              token: /[?&]token=([A-Za-z0-9_%-]+)/.exec(text)?.[1] ?? null,
              raw: parsed,
            });
            this.waiters.splice(0).forEach((wake) => wake());
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    server.kindredState = state;
    this.server = server;
    this.port = (server.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    const server = this.server as (SMTPServer & { kindredState?: { stopping: boolean } }) | null;
    this.server = null;
    if (server?.kindredState) server.kindredState.stopping = true;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Waits for a mail to `to` (with `subject` containing the given text), up to `timeoutMs`. */
  async waitFor(to: string, subject = '', timeoutMs = 15_000): Promise<ReceivedMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.findLast(
        (m) => m.to.toLowerCase() === to.toLowerCase() && m.subject.includes(subject),
      );
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `No mail to ${to} (${subject}) within ${timeoutMs} ms; got ${this.received.map((m) => `${m.to}: ${m.subject}`).join(', ')}`,
        );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  countTo(to: string): number {
    return this.received.filter((m) => m.to.toLowerCase() === to.toLowerCase()).length;
  }
}
