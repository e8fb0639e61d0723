/** Knows the passwords and words that attackers try first. */
export interface PasswordBlocklist {
  isCommon(password: string): boolean;
}
