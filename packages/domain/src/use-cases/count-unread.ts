import type { Ports } from '../ports/index.js';

/** Unread messages in total and per conversation (only those with some). */
export class CountUnread {
  constructor(private readonly ports: Pick<Ports, 'chat'>) {}

  async execute(input: {
    readonly userId: string;
  }): Promise<{ count: number; conversations: Record<string, number> }> {
    const counts = await this.ports.chat.unreadCounts(input.userId);
    const conversations = Object.fromEntries(counts);
    return { count: [...counts.values()].reduce((a, b) => a + b, 0), conversations };
  }
}
