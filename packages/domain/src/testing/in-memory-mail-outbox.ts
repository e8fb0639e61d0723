import type { MailOutbox, MailRequest } from '../ports/mail-outbox.js';

/**
 * Delivers each request at once, in the caller's turn (through
 * `DeliverMailRequest` over the same ports): tests see the mail as soon as
 * the use case returns. `requests` keeps what was asked.
 */
export class InMemoryMailOutbox implements MailOutbox {
  readonly requests: MailRequest[] = [];
  deliver: (request: MailRequest) => Promise<void> = async () => {};

  async enqueue(request: MailRequest): Promise<void> {
    this.requests.push(request);
    await this.deliver(request);
  }
}
