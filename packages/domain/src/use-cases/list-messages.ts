import type { Ports } from '../ports/index.js';
import { viewMessages, type MessageView } from '../chat/conversation-views.js';
import { requireMembership } from '../chat/participation.js';
import { ValidationError } from '../errors.js';
import { loadSelf } from './get-me.js';

/** A page of history: older from `before` (newest first) or newer from `after` (oldest first). */
export class ListMessages {
  constructor(private readonly ports: Pick<Ports, 'users' | 'chat'>) {}

  async execute(input: {
    readonly viewerId: string;
    readonly conversationId: string;
    readonly direction: 'before' | 'after';
    readonly from: string | null;
    readonly limit: number;
  }): Promise<{ items: MessageView[]; hasMore: boolean }> {
    const viewer = await loadSelf(this.ports.users, input.viewerId);
    await requireMembership(this.ports.chat, input.conversationId, viewer.id);
    const slice = await this.ports.chat.messages(input.conversationId, {
      direction: input.direction,
      from: input.from,
      limit: input.limit,
    });
    if (!slice)
      throw new ValidationError([
        { path: `?${input.direction}`, code: 'NOT_IN_CONVERSATION', message: 'No such message here' },
      ]);
    return { items: await viewMessages(this.ports.users, slice.items), hasMore: slice.hasMore };
  }
}
