export const MODERATION_ACTIONS = ['dismiss', 'suspend', 'ban', 'lift', 'remove-picture'] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];

/** Who did what to whom, why and when: written once, never changed. */
export interface AuditEntry {
  readonly id: string;
  readonly moderator: { readonly id: string; readonly username: string };
  readonly action: ModerationAction;
  readonly target: { readonly id: string; readonly username: string };
  readonly reason: string | null;
  /** The end of a suspension; null otherwise. */
  readonly until: Date | null;
  readonly at: Date;
}

/** Reasons and notes moderators write: 1–500 characters (a note may be absent). */
export const MODERATION_REASON_MAX_LENGTH = 500;
