import type { Ports } from '../ports/index.js';
import type { User } from '../users/user.js';
import type { RelationsBetween } from '../ports/social-repository.js';
import { DomainError, errors } from '../errors.js';
import { isSuspended } from '../moderation/suspension.js';
import { USERNAME_PATTERN } from '../users/username.js';

/** Users are addressed by username or id; an id never looks like a username (ids are longer). */
export async function findByRef(users: Ports['users'], ref: string): Promise<User | null> {
  if (USERNAME_PATTERN.test(ref)) return users.findByUsername(ref);
  return users.findById(ref);
}

export const cannotTargetSelf = () => new DomainError('CANNOT_TARGET_SELF', 'You cannot do that to yourself');

/** True when `ref` names the viewer (by username in any case, or id). */
export function refersTo(user: User, ref: string): boolean {
  return ref === user.id || ref.toLowerCase() === user.username.toLowerCase();
}

/**
 * The other member named by `ref`, with the relations between the two, or USER_NOT_FOUND: unknown, unverified, or
 * hidden by a block either way (unless `acrossBlocks`, for /block and /report).
 */
export async function resolveOther(
  ports: Pick<Ports, 'users' | 'social' | 'clock'>,
  viewer: User,
  ref: string,
  options: { acrossBlocks?: boolean } = {},
): Promise<{ target: User; relations: RelationsBetween }> {
  const target = await findByRef(ports.users, ref);
  // Suspended or banned members are gone for everyone, as a block hides.
  if (!target || !target.emailVerified || isSuspended(target, ports.clock.now())) throw errors.userNotFound();
  // Read once: callers need the relations too, not only the block.
  const relations = await ports.social.between(viewer.id, target.id);
  if (!options.acrossBlocks && relations.blocked) throw errors.userNotFound();
  return { target, relations };
}
