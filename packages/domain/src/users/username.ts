import type { FieldError } from '../errors.js';

export const USERNAME_PATTERN = /^[a-zA-Z0-9_.-]{3,30}$/;

/** The key usernames are unique by: case does not make a new name. */
export function usernameKey(username: string): string {
  return username.toLowerCase();
}

export function checkUsername(username: string, path = '/username'): FieldError[] {
  if (USERNAME_PATTERN.test(username)) return [];
  return [{ path, code: 'INVALID_USERNAME', message: 'Use 3–30 letters, digits, "_", "." or "-"' }];
}
