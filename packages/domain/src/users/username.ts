import type { FieldError } from '../errors.js';

export const USERNAME_MIN_LENGTH = 3;
export const USERNAME_MAX_LENGTH = 30;
export const USERNAME_PATTERN = new RegExp(`^[a-zA-Z0-9_.-]{${USERNAME_MIN_LENGTH},${USERNAME_MAX_LENGTH}}$`);

/** The key usernames are unique by: case does not make a new name. */
export function usernameKey(username: string): string {
  return username.toLowerCase();
}

export function checkUsername(username: string, path = '/username'): FieldError[] {
  if (USERNAME_PATTERN.test(username)) return [];
  return [
    {
      path,
      code: 'INVALID_USERNAME',
      message: `Use ${USERNAME_MIN_LENGTH}–${USERNAME_MAX_LENGTH} letters, digits, "_", "." or "-"`,
    },
  ];
}
