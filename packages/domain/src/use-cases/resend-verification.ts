import type { Ports } from '../ports/index.js';
import { normaliseEmail } from '../users/email.js';
import { usernameKey } from '../users/username.js';

/**
 * Asks for a fresh verification link for an unverified account; the worker
 * decides whether there is one. The same work whatever the body names.
 */
export class ResendVerification {
  constructor(private readonly ports: Pick<Ports, 'outbox' | 'limits'>) {}

  async execute(input: {
    readonly email?: string | undefined;
    readonly username?: string | undefined;
  }): Promise<void> {
    const email = input.email !== undefined ? normaliseEmail(input.email) : null;
    const username = email === null && input.username !== undefined ? input.username : null;
    await this.ports.limits.take('mailsPerAddress', `verify:${email ?? usernameKey(username ?? '')}`);
    if (email === null && username === null) return;
    await this.ports.outbox.enqueue({ kind: 'resend-verification', email, username });
  }
}
