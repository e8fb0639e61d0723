import { dictionary as common } from '@zxcvbn-ts/language-common';
import { dictionary as english } from '@zxcvbn-ts/language-en';
import type { PasswordBlocklist } from '@kindred/domain';

/**
 * The ~49,000 most common leaked passwords and ~56,000 common English words
 * shipped with zxcvbn-ts, compared without regard to case.
 */
export class CommonPasswordBlocklist implements PasswordBlocklist {
  private readonly words: ReadonlySet<string>;

  constructor() {
    const lists = [common['passwords-common'], english['commonWords-en']] as unknown as string[][];
    this.words = new Set(lists.flat().map((word) => String(word).toLowerCase()));
  }

  get size(): number {
    return this.words.size;
  }

  isCommon(password: string): boolean {
    return this.words.has(password.toLowerCase());
  }
}
