import type { FieldError } from '../errors.js';

// Deliberately simple: one "@", no spaces, a dot in the domain. The real
// proof that an address works is the confirmation mail.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@.]+$/;
export const EMAIL_MAX_LENGTH = 254;

/**
 * Addresses are compared without regard to case or surrounding spaces: two
 * accounts for `Ann@X.org` and `ann@x.org` would be the same inbox.
 */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function checkEmail(email: string, path = '/email'): FieldError[] {
  const normalised = normaliseEmail(email);
  if (normalised.length <= EMAIL_MAX_LENGTH && EMAIL_PATTERN.test(normalised)) return [];
  return [{ path, code: 'INVALID_EMAIL', message: 'Not a valid email address' }];
}
