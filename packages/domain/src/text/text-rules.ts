import type { FieldError } from '../errors.js';

/**
 * What a string a member sends may hold. Every string, everywhere: no U+0000
 * (PostgreSQL cannot store it, C code reads it as the end) and no lone
 * surrogate (half of a UTF-16 pair: not text, not storable as UTF-8).
 * Single-line fields (names, usernames, titles, interests, reasons, ids)
 * also hold no control character at all, CR and LF included; multi-line
 * fields (a biography, a message) keep tab, CR and LF.
 */
export type TextKind = 'line' | 'multiline' | 'any';

/* eslint-disable no-control-regex -- matching control characters is what these are for */
/** U+0000 anywhere, or a high surrogate not followed by a low one, or a low one not preceded by a high one. */
const BROKEN = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** Unicode's Cc category: C0 controls, DEL, C1 controls. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** Cc but tab, LF and CR. */
const CONTROL_BUT_NEWLINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
/* eslint-enable no-control-regex */

/**
 * The same rules as JSON Schema patterns (ECMA-262 syntax, escapes spelt
 * out), for documents that describe these fields. Lone surrogates cannot be
 * written as a pattern every validator understands; they are refused all the same.
 */
export const TEXT_PATTERNS: Record<TextKind, string> = {
  line: '^[^\\u0000-\\u001f\\u007f-\\u009f]*$',
  multiline: '^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$',
  any: '^[^\\u0000]*$',
};

export const TEXT_ERROR_CODES = {
  /** U+0000 or a lone surrogate, in any string. */
  invalidCharacter: 'INVALID_CHARACTER',
  /** A control character (CR, LF, tab…) in a single-line field, or another control in a multi-line one. */
  controlCharacter: 'CONTROL_CHARACTER',
} as const;

/** The first rule `value` breaks as text of this kind, or null. */
export function textProblem(value: string, kind: TextKind): FieldError['code'] | null {
  if (BROKEN.test(value)) return TEXT_ERROR_CODES.invalidCharacter;
  if (kind === 'line' && CONTROL.test(value)) return TEXT_ERROR_CODES.controlCharacter;
  if (kind === 'multiline' && CONTROL_BUT_NEWLINES.test(value)) return TEXT_ERROR_CODES.controlCharacter;
  return null;
}

const MESSAGES: Record<string, string> = {
  [TEXT_ERROR_CODES.invalidCharacter]: 'Text may not hold U+0000 or a lone surrogate',
  [TEXT_ERROR_CODES.controlCharacter]: 'No control characters here (line breaks included)',
};

/** `textProblem` as field errors at `path`. */
export function checkText(value: string, kind: TextKind, path: string): FieldError[] {
  const code = textProblem(value, kind);
  return code ? [{ path, code, message: MESSAGES[code]! }] : [];
}

/** Unicode code points, as the contract counts lengths (an emoji is one, not two UTF-16 units). */
export function codePoints(value: string): number {
  let count = 0;
  for (const _ of value) count += 1;
  return count;
}
