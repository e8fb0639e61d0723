export const MAX_PICTURES = 5;

/** A stored, re-encoded picture of a member. */
export interface Picture {
  readonly id: string;
  /** Where the storage keeps the bytes; also its public, unguessable name. */
  readonly key: string;
  readonly contentType: 'image/jpeg' | 'image/png' | 'image/webp';
  readonly width: number;
  readonly height: number;
  readonly createdAt: Date;
}

/** After `removedId` goes: the profile picture stays, or the oldest remaining one takes its place. */
export function profilePictureAfterRemoval(
  pictures: readonly Picture[],
  current: string | null,
  removedId: string,
): string | null {
  if (current !== null && current !== removedId) return current;
  const remaining = pictures.filter((p) => p.id !== removedId);
  const oldest = [...remaining].sort(
    (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id),
  )[0];
  return oldest?.id ?? null;
}
