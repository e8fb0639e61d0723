import type { Ports } from '../ports/index.js';
import { after } from '../auth/lifetimes.js';

/** Browsers cannot set headers on a WebSocket: they trade their token for a ticket first. */
export const SOCKET_TICKET_LIFETIME_MS = 60_000;

type TicketPorts = Pick<Ports, 'oneTimeTokens' | 'secrets' | 'clock' | 'sessions'>;

/** A single-use ticket, valid 60 s, for opening a socket on behalf of this session. */
export class IssueSocketTicket {
  constructor(private readonly ports: TicketPorts) {}

  async execute(input: { readonly userId: string; readonly sessionId: string }): Promise<string> {
    const ticket = this.ports.secrets.generate();
    await this.ports.oneTimeTokens.add({
      digest: this.ports.secrets.digest(ticket),
      purpose: 'ws-ticket',
      userId: input.userId,
      email: null,
      sessionId: input.sessionId,
      expiresAt: after(this.ports.clock.now(), SOCKET_TICKET_LIFETIME_MS),
      usedAt: null,
    });
    return ticket;
  }
}
