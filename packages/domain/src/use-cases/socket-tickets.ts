import type { AccessClaims } from '../ports/access-tokens.js';
import type { Ports } from '../ports/index.js';
import { errors } from '../errors.js';
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
