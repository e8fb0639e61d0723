import type { PasswordBlocklist } from '../ports/password-blocklist.js';

export const SAMPLE_COMMON_PASSWORDS = [
  'password',
  '12345678',
  'qwertyuiop',
  'iloveyou',
  'sunshine',
  'football',
  'princess',
];

/** A blocklist over a given list, compared without regard to case. */
export class SetPasswordBlocklist implements PasswordBlocklist {
  private readonly words: Set<string>;

  constructor(words: Iterable<string> = SAMPLE_COMMON_PASSWORDS) {
    this.words = new Set([...words].map((w) => w.toLowerCase()));
  }

  isCommon(password: string): boolean {
    return this.words.has(password.toLowerCase());
  }
}
