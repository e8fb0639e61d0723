import { DomainError } from '../errors.js';

/** What a member may do beyond being one: granted from the command line only. */
export const ROLES = ['member', 'moderator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Moderators and admins read the queue and act; members do not. */
export function mayModerate(user: { readonly role: Role }): boolean {
  return user.role === 'moderator' || user.role === 'admin';
}

/**
 * Who may act on whom: nobody on themselves; a moderator on members only;
 * an admin on anyone else, moderators and admins included.
 */
export function mayActOn(
  actor: { readonly id: string; readonly role: Role },
  target: { readonly id: string; readonly role: Role },
): boolean {
  if (!mayModerate(actor) || actor.id === target.id) return false;
  return actor.role === 'admin' || target.role === 'member';
}

export const notAllowed = (why = 'Moderators and admins only') => new DomainError('NOT_ALLOWED', why);

/** Throws NOT_ALLOWED unless `actor` may moderate. */
export function checkMayModerate(actor: { readonly role: Role }): void {
  if (!mayModerate(actor)) throw notAllowed();
}

/** Throws NOT_ALLOWED unless `actor` may act on `target`. */
export function checkMayActOn(
  actor: { readonly id: string; readonly role: Role },
  target: { readonly id: string; readonly role: Role },
): void {
  checkMayModerate(actor);
  if (actor.id === target.id) throw notAllowed('Nobody moderates themselves');
  if (!mayActOn(actor, target)) throw notAllowed('Only an admin acts on a moderator or an admin');
}
