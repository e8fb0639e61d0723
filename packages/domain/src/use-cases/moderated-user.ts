import type { Ports } from '../ports/index.js';
import type { User } from '../users/user.js';
import { DEFAULT_HIDE_AFTER_REPORTERS } from '../moderation/reports.js';
import { errors } from '../errors.js';
import { hiddenNow, loadModerator } from './moderation-access.js';

/** One member as moderators see them (with `hidden`). */
export class GetModeratedUser {
  constructor(
    private readonly ports: Pick<Ports, 'users' | 'moderation' | 'clock'>,
    private readonly hideAfterReporters = DEFAULT_HIDE_AFTER_REPORTERS,
  ) {}

  async execute(input: { readonly moderatorId: string; readonly userId: string }): Promise<{
    moderator: User;
    user: User;
    hidden: boolean;
  }> {
    const moderator = await loadModerator(this.ports.users, input.moderatorId);
    const user = await this.ports.users.findById(input.userId);
    if (!user) throw errors.userNotFound();
    const hidden = (await hiddenNow(this.ports, this.hideAfterReporters, [user.id])).has(user.id);
    return { moderator, user, hidden };
  }
}
