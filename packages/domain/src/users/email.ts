import type { FieldError } from '../errors.js';
import { textProblem } from '../text/text-rules.js';

// Deliberately simple: one "@", no spaces or control characters, a dot in
// the domain. The real proof that an address works is the confirmation mail.
export const EMAIL_PATTERN =
  // eslint-disable-next-line no-control-regex -- control characters are what it refuses
  /^[^\s@\u0000-\u001f\u007f-\u009f]+@[^\s@\u0000-\u001f\u007f-\u009f]+\.[^\s@.\u0000-\u001f\u007f-\u009f]+$/;
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
  if (
    textProblem(email, 'line') === null &&
    normalised.length <= EMAIL_MAX_LENGTH &&
    EMAIL_PATTERN.test(normalised)
  )
    return [];
  return [{ path, code: 'INVALID_EMAIL', message: 'Not a valid email address' }];
}
