import type { Ports } from '../ports/index.js';
import { normaliseEmail } from '../users/email.js';

/**
 * Asks for a reset link to be mailed if the address belongs to someone. The
 * worker decides (`DeliverMailRequest`): here the work is the same for any
 * address, one request queued, so neither the answer nor its time tells.
 */
export class RequestPasswordReset {
  constructor(private readonly ports: Pick<Ports, 'outbox' | 'limits'>) {}

  async execute(input: { readonly email: string }): Promise<void> {
    const email = normaliseEmail(input.email);
    await this.ports.limits.take('mailsPerAddress', `reset:${email}`);
    await this.ports.outbox.enqueue({ kind: 'password-reset', email });
  }
}
