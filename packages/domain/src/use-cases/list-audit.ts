import type { Ports } from '../ports/index.js';
import type { Page, PageCursor } from '../ports/social-repository.js';
import type { AuditEntry } from '../moderation/audit.js';
import { loadModerator } from './moderation-access.js';

/** The audit trail, newest first: read-only, for moderators. */
export class ListAudit {
  constructor(private readonly ports: Pick<Ports, 'users' | 'moderation'>) {}

  async execute(input: {
    readonly moderatorId: string;
    readonly limit: number;
    readonly after: PageCursor | null;
  }): Promise<Page<AuditEntry>> {
    await loadModerator(this.ports.users, input.moderatorId);
    return this.ports.moderation.audit(input.limit, input.after);
  }
}
