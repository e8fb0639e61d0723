import type { Ports } from '../ports/index.js';
import { MODERATION_REASON_MAX_LENGTH } from '../moderation/audit.js';
import { checkFreeText } from '../users/profile-rules.js';
import { moderatorAndTarget, throwIfAny } from './moderation-access.js';
import { refreshFameOf } from '../matching/refresh-fame.js';

/** The member's open reports were unfounded: dismissed, with who and why; a hidden member shows again. */
export class DismissReports {
  constructor(private readonly ports: Pick<Ports, 'users' | 'moderation' | 'clock' | 'ids' | 'social'>) {}

  async execute(input: {
    readonly moderatorId: string;
    readonly userId: string;
    readonly note: string | null;
  }): Promise<void> {
    if (input.note !== null)
      throwIfAny(checkFreeText(input.note, 'multiline', MODERATION_REASON_MAX_LENGTH, '/note'));
    const { moderator, target } = await moderatorAndTarget(this.ports.users, input.moderatorId, input.userId);
    const now = this.ports.clock.now();
    await this.ports.moderation.resolveReports(target.id, 'dismissed', now);
    await this.ports.moderation.record({
      id: this.ports.ids.next(),
      moderator: { id: moderator.id, username: moderator.username },
      action: 'dismiss',
      target: { id: target.id, username: target.username },
      reason: input.note?.trim() || null,
      until: null,
      at: now,
    });
    // Dismissed reports no longer lower fame.
    await refreshFameOf(this.ports, target.id);
  }
}
