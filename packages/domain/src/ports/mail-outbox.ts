import type { Mail } from './mailer.js';

/**
 * A mail asked for while answering a request, and decided by a worker
 * later: whether it goes, to whom, with which token. A request does the
 * same work whether the address belongs to a member or not (one request
 * queued), so its timing tells nobody who is a member.
 */
export type MailRequest =
  /** A new account's verification link. */
  | { readonly kind: 'verify-email'; readonly userId: string }
  /** A registration named an address already in use: its owner is told (with a fresh link if unverified). */
  | { readonly kind: 'already-registered'; readonly email: string }
  /** A fresh verification link, if the account named is not verified yet. */
  | { readonly kind: 'resend-verification'; readonly email: string | null; readonly username: string | null }
  /** A link confirming a new address; or, when the address belongs to someone, a mail saying so. */
  | { readonly kind: 'confirm-email-change'; readonly userId: string; readonly email: string }
  /** A password reset link, if the address belongs to someone. */
  | { readonly kind: 'password-reset'; readonly email: string }
  /** A mail decided already. */
  | { readonly kind: 'mail'; readonly mail: Mail };

/** Keeps mail requests durably until a worker has delivered them. */
export interface MailOutbox {
  enqueue(request: MailRequest): Promise<void>;
}
