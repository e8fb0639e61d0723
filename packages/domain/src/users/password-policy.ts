import type { FieldError } from '../errors.js';
import { codePoints, textProblem } from '../text/text-rules.js';
import type { PasswordBlocklist } from '../ports/password-blocklist.js';

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

/**
 * The reasons a password is refused. Every one is reported to clients as
 * `WEAK_PASSWORD` (the contract's one code), with a message that says which.
 */
export function passwordProblems(password: string, username: string, blocklist: PasswordBlocklist): string[] {
  const problems: string[] = [];
  if (textProblem(password, 'any') !== null) problems.push('do not use U+0000 or lone surrogates');
  const length = codePoints(password);
  if (length < PASSWORD_MIN_LENGTH) problems.push(`use at least ${PASSWORD_MIN_LENGTH} characters`);
  if (length > PASSWORD_MAX_LENGTH) problems.push(`use at most ${PASSWORD_MAX_LENGTH} characters`);
  if (username.length > 0 && password.toLowerCase().includes(username.toLowerCase())) {
    problems.push('do not include your username');
  }
  if (blocklist.isCommon(password)) problems.push('this is a common password or word');
  return problems;
}

export function checkPassword(
  password: string,
  username: string,
  blocklist: PasswordBlocklist,
  path = '/password',
): FieldError[] {
  const problems = passwordProblems(password, username, blocklist);
  if (problems.length === 0) return [];
  return [{ path, code: 'WEAK_PASSWORD', message: `Password refused: ${problems.join('; ')}` }];
}
