import type { Ports } from '../ports/index.js';
import type { FieldError } from '../errors.js';
import type { Gender, SocialNetwork, User } from '../users/user.js';
import { ValidationError } from '../errors.js';
import {
  BIOGRAPHY_MAX_LENGTH,
  OCCUPATION_MAX_LENGTH,
  checkBirthDate,
  checkFreeText,
  checkInterests,
  checkName,
  checkSocialLinks,
  normaliseInterests,
} from '../users/profile-rules.js';
import { loadSelf } from './get-me.js';
import { withFreshFame } from '../matching/refresh-fame.js';

/** Fields a member edits; an absent (or undefined) field is left as it is, `null` clears it. */
export interface ProfilePatch {
  readonly firstName?: string | undefined;
  readonly lastName?: string | undefined;
  readonly birthDate?: string | null | undefined;
  readonly gender?: Gender | null | undefined;
  /** `null` (or an absent list) means everyone. */
  readonly sexualPreference?: readonly Gender[] | null | undefined;
  readonly biography?: string | null | undefined;
  readonly interests?: readonly string[] | undefined;
  readonly occupation?: string | null | undefined;
  /** Only the networks named change; `null` removes a link. */
  readonly socialLinks?: { readonly [K in SocialNetwork]?: string | null | undefined } | undefined;
}

export class UpdateProfile {
  constructor(private readonly ports: Pick<Ports, 'users' | 'clock' | 'social'>) {}

  /** Every rule the patch breaks, one entry per field. */
  check(patch: ProfilePatch): FieldError[] {
    const now = this.ports.clock.now();
    const problems: FieldError[] = [];
    if (patch.firstName !== undefined) problems.push(...checkName(patch.firstName, '/firstName'));
    if (patch.lastName !== undefined) problems.push(...checkName(patch.lastName, '/lastName'));
    if (patch.birthDate != null) problems.push(...checkBirthDate(patch.birthDate, now));
    if (patch.biography != null)
      problems.push(...checkFreeText(patch.biography, 'multiline', BIOGRAPHY_MAX_LENGTH, '/biography'));
    if (patch.occupation != null)
      problems.push(...checkFreeText(patch.occupation, 'line', OCCUPATION_MAX_LENGTH, '/occupation'));
    if (patch.interests !== undefined) problems.push(...checkInterests(patch.interests));
    if (patch.socialLinks !== undefined) problems.push(...checkSocialLinks(patch.socialLinks));
    if (patch.sexualPreference != null && patch.sexualPreference.length === 0) {
      problems.push({
        path: '/sexualPreference',
        code: 'EMPTY',
        message: 'Name at least one gender, or null for everyone',
      });
    }
    return problems;
  }

  async execute(input: { readonly userId: string; readonly patch: ProfilePatch }): Promise<User> {
    const { patch } = input;
    const problems = this.check(patch);
    if (problems.length > 0) throw new ValidationError(problems);
    const now = this.ports.clock.now();
    const user = await loadSelf(this.ports.users, input.userId);
    const updated: User = await withFreshFame(this.ports, {
      ...user,
      ...(patch.firstName !== undefined && { firstName: patch.firstName.trim() }),
      ...(patch.lastName !== undefined && { lastName: patch.lastName.trim() }),
      ...(patch.birthDate !== undefined && { birthDate: patch.birthDate }),
      ...(patch.gender !== undefined && { gender: patch.gender }),
      ...(patch.sexualPreference !== undefined && {
        sexualPreference:
          patch.sexualPreference === null ? null : [...new Set(patch.sexualPreference)].sort(),
      }),
      ...(patch.biography !== undefined && { biography: blankToNull(patch.biography) }),
      ...(patch.occupation !== undefined && { occupation: blankToNull(patch.occupation) }),
      ...(patch.interests !== undefined && { interests: normaliseInterests(patch.interests) }),
      ...(patch.socialLinks !== undefined && {
        socialLinks: { ...user.socialLinks, ...definedOnly(patch.socialLinks) },
      }),
      updatedAt: now,
    });
    await this.ports.users.update(updated, user);
    return updated;
  }
}

function blankToNull(value: string | null): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

function definedOnly<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
