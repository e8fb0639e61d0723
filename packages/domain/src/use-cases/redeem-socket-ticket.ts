import type { AccessClaims } from '../ports/access-tokens.js';
import type { Ports } from '../ports/index.js';
import { errors } from '../errors.js';
type TicketPorts = Pick<Ports, 'oneTimeTokens' | 'secrets' | 'clock' | 'sessions'>;

/** Spends a ticket: the caller it was issued to, while their session lives; else UNAUTHENTICATED. */
export class RedeemSocketTicket {
  constructor(private readonly ports: TicketPorts) {}

  async execute(input: { readonly ticket: string }): Promise<AccessClaims> {
    const digest = this.ports.secrets.digest(input.ticket);
    const record = await this.ports.oneTimeTokens.find(digest, 'ws-ticket');
    if (!record?.sessionId) throw errors.unauthenticated();
    if (!(await this.ports.oneTimeTokens.consume(digest, 'ws-ticket', this.ports.clock.now())))
      throw errors.unauthenticated();
    const session = await this.ports.sessions.findSession(record.sessionId);
    if (!session || session.revokedAt !== null) throw errors.unauthenticated();
    return { userId: record.userId, sessionId: record.sessionId };
  }
}
