import type { FieldError } from '../errors.js';
import { checkText, codePoints, textProblem } from '../text/text-rules.js';
import { ageOn, type Gender, type SocialLinks, GENDERS, SOCIAL_NETWORKS } from './user.js';

export const MINIMUM_AGE = 18;
export const MAX_INTERESTS = 20;
export const INTEREST_MAX_LENGTH = 32;
export const BIOGRAPHY_MAX_LENGTH = 2000;
export const OCCUPATION_MAX_LENGTH = 100;
export const NAME_MAX_LENGTH = 50;

/** Tags are compared as written by most people: lower case, no leading `#`, single spaces. */
export function normaliseInterest(tag: string): string {
  return tag.trim().replace(/^#+/, '').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Normalises, drops duplicates, keeps the first spelling's order. */
export function normaliseInterests(tags: readonly string[]): string[] {
  return [...new Set(tags.map(normaliseInterest))];
}

export function checkInterests(tags: readonly string[], path = '/interests'): FieldError[] {
  const errors: FieldError[] = [];
  tags.forEach((tag, i) => {
    const badText = checkText(tag, 'line', `${path}/${i}`);
    if (badText.length > 0) return errors.push(...badText);
    const length = codePoints(normaliseInterest(tag));
    if (length < 1 || length > INTEREST_MAX_LENGTH) {
      errors.push({
        path: `${path}/${i}`,
        code: 'INVALID_INTEREST',
        message: `Each interest has 1–${INTEREST_MAX_LENGTH} characters`,
      });
    }
  });
  if (normaliseInterests(tags).length > MAX_INTERESTS) {
    errors.push({ path, code: 'TOO_MANY', message: `At most ${MAX_INTERESTS} interests` });
  }
  return errors;
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isCalendarDate(value: string): boolean {
  const match = DATE_PATTERN.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export function checkBirthDate(birthDate: string, today: Date, path = '/birthDate'): FieldError[] {
  if (!isCalendarDate(birthDate)) return [{ path, code: 'INVALID_DATE', message: 'Use a date YYYY-MM-DD' }];
  const age = ageOn(birthDate, today);
  if (age < MINIMUM_AGE) return [{ path, code: 'UNDERAGE', message: `Members are at least ${MINIMUM_AGE}` }];
  if (age > 120) return [{ path, code: 'OUT_OF_RANGE', message: 'This birth date is too far back' }];
  return [];
}

export function checkName(value: string, path: string): FieldError[] {
  const badText = checkText(value, 'line', path);
  if (badText.length > 0) return badText;
  const length = codePoints(value.trim());
  if (length >= 1 && length <= NAME_MAX_LENGTH) return [];
  return [{ path, code: 'OUT_OF_RANGE', message: `Use 1–${NAME_MAX_LENGTH} characters` }];
}

export function checkSocialLinks(
  links: { readonly [K in keyof SocialLinks]?: string | null | undefined },
  path = '/socialLinks',
): FieldError[] {
  const errors: FieldError[] = [];
  for (const network of SOCIAL_NETWORKS) {
    const url = links[network];
    if (url === undefined || url === null) continue;
    if (textProblem(url, 'line') !== null || !isHttpsUrl(url)) {
      errors.push({ path: `${path}/${network}`, code: 'INVALID_URL', message: 'Use an https:// URL' });
    }
  }
  return errors;
}

export const SOCIAL_LINK_MAX_LENGTH = 2048;

// An https URI (RFC 3986) on a DNS name with a dot, the last label starting with a letter (no bare
// IPs, no `https://8`), optional port, then path, query and fragment in URI characters only
// (anything else percent-encoded), so that the link works as written in any client.
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const TOP = '[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const URI_CHARS = "(?:[A-Za-z0-9._~!$&'()*+,;=:@/?-]|%[0-9A-Fa-f]{2})*";
export const SOCIAL_LINK_PATTERN = new RegExp(
  `^https://(?:${LABEL}\\.)+${TOP}(?::[0-9]{1,5})?(?:[/?]${URI_CHARS})?(?:#${URI_CHARS})?$`,
);

function isHttpsUrl(value: string): boolean {
  return value.length <= SOCIAL_LINK_MAX_LENGTH && SOCIAL_LINK_PATTERN.test(value);
}

/** Free text of at most `max` code points: a biography (`multiline`) or an occupation (`line`). */
export function checkFreeText(
  value: string,
  kind: 'line' | 'multiline',
  max: number,
  path: string,
): FieldError[] {
  const badText = checkText(value, kind, path);
  if (badText.length > 0) return badText;
  if (codePoints(value) <= max) return [];
  return [{ path, code: 'TOO_LONG', message: `At most ${max} characters` }];
}

export function isGender(value: string): value is Gender {
  return (GENDERS as readonly string[]).includes(value);
}
