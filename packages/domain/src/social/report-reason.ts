import { ValidationError } from '../errors.js';
import { checkFreeText } from '../users/profile-rules.js';

export const REPORT_REASON_MAX_LENGTH = 500;

/** A report's reason as stored: one line of at most 500 characters, trimmed; blank is none. */
export function reportReason(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const problems = checkFreeText(raw, 'line', REPORT_REASON_MAX_LENGTH, '/reason');
  if (problems.length > 0) throw new ValidationError(problems);
  return raw.trim() || null;
}
