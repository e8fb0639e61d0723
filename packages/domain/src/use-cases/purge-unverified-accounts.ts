import type { Ports } from '../ports/index.js';
import { LIFETIMES } from '../auth/lifetimes.js';

/** Frees the usernames and addresses of accounts never verified within 72 h. */
export class PurgeUnverifiedAccounts {
  constructor(private readonly ports: Pick<Ports, 'users' | 'clock'>) {}

  execute(): Promise<number> {
    const cutoff = new Date(this.ports.clock.now().getTime() - LIFETIMES.unverifiedAccountMs);
    return this.ports.users.deleteUnverifiedCreatedBefore(cutoff);
  }
}
