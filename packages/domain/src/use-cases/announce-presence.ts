import type { Ports } from '../ports/index.js';
import type { PageCursor } from '../ports/social-repository.js';

/** Presence goes to a member's connections; a popular member's first thousand are enough. */
const MAX_AUDIENCE = 1000;

/**
 * A member's first socket opened (online) or last socket closed (offline,
 * last seen now) anywhere: their connections are told.
 */
export class AnnouncePresence {
  constructor(private readonly ports: Pick<Ports, 'users' | 'social' | 'events' | 'clock'>) {}

  async execute(input: { readonly userId: string; readonly online: boolean }): Promise<void> {
    const now = this.ports.clock.now();
    // Last seen: when the last socket closed (the contract's lastSeenAt).
    if (!input.online) await this.ports.users.touch(input.userId, now);
    const recipients: string[] = [];
    let after: PageCursor | null = null;
    do {
      const page = await this.ports.social.list('matches', input.userId, 100, after);
      recipients.push(...page.items.map((r) => r.userId));
      after = page.next;
    } while (after && recipients.length < MAX_AUDIENCE);
    if (recipients.length === 0) return;
    await this.ports.events.publish({
      type: 'presence',
      recipients,
      userId: input.userId,
      online: input.online,
      lastSeenAt: input.online ? null : now,
    });
  }
}
