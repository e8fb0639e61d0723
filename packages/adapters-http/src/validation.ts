import { textProblem, type FieldError } from '@kindred/domain';
import { z } from 'zod';
import { HttpProblem } from './problem.js';
import type { RuleParams } from './schemas/text.js';

type Issue = z.core.$ZodIssue;
export type Where = 'body' | 'query' | 'params';

/** JSON Pointer for body fields, `?name` for query parameters (the contract's convention). */
function pathOf(where: Where, path: readonly PropertyKey[]): string {
  if (where === 'query') return `?${String(path[0] ?? '')}`;
  return path.length === 0
    ? ''
    : `/${path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}

function ruleOf(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return (issue as { input?: unknown }).input === undefined ? 'REQUIRED' : 'INVALID_TYPE';
    case 'too_small':
    case 'too_big':
      return 'OUT_OF_RANGE';
    case 'invalid_format':
      return 'INVALID_FORMAT';
    case 'invalid_value':
      return 'INVALID_VALUE';
    case 'unrecognized_keys':
      return 'UNKNOWN_FIELD';
    case 'custom':
      return (issue.params as Partial<RuleParams> | undefined)?.rule ?? 'INVALID';
    default:
      return 'INVALID';
  }
}

/** One entry per failing field, the first rule it breaks. */
export function toFieldErrors(where: Where, issues: readonly Issue[]): FieldError[] {
  const byPath = new Map<string, FieldError>();
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const path = pathOf(where, [...issue.path, key]);
        if (!byPath.has(path))
          byPath.set(path, { path, code: 'UNKNOWN_FIELD', message: `Unknown field "${key}"` });
      }
      continue;
    }
    const path = pathOf(where, issue.path);
    const code = ruleOf(issue);
    if (!byPath.has(path))
      byPath.set(path, { path, code, message: code === 'REQUIRED' ? 'Required' : issue.message });
  }
  return [...byPath.values()];
}

/**
 * The one rule for every string a client sends, whatever the schema says
 * of it (unknown fields and array items included): no U+0000, no lone
 * surrogate. Nothing holding one reaches a use case or the database.
 */
export function brokenStrings(where: Where, value: unknown, path: PropertyKey[] = []): FieldError[] {
  if (typeof value === 'string') {
    const code = textProblem(value, 'any');
    return code
      ? [{ path: pathOf(where, path), code, message: 'Text may not hold U+0000 or a lone surrogate' }]
      : [];
  }
  if (Array.isArray(value)) return value.flatMap((item, i) => brokenStrings(where, item, [...path, i]));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => [
      ...brokenStrings(where, key, [...path, key]),
      ...brokenStrings(where, item, [...path, key]),
    ]);
  }
  return [];
}

/**
 * Rules that need more than one field or a port (a password that holds the
 * username, a common password…): run on the fields that passed the schema,
 * even when others did not, so one answer names every failing field.
 */
export type FieldRules<T> = (valid: Partial<T>) => readonly FieldError[];

export function parseWith<T extends z.ZodType>(
  schema: T,
  data: unknown,
  where: Where,
  rules?: FieldRules<z.output<T>>,
): z.output<T> {
  const broken = brokenStrings(where, data);
  const result = schema.safeParse(data, { reportInput: true });
  const valid = result.success ? result.data : validFields(schema, data);
  const errors = mergeByPath([
    ...broken,
    ...(result.success ? [] : toFieldErrors(where, result.error.issues)),
    ...(rules && valid ? rules(valid as Partial<z.output<T>>) : []),
  ]);
  if (result.success && errors.length === 0) return result.data;
  throw new HttpProblem(
    'VALIDATION_FAILED',
    `The request ${where === 'body' ? 'body' : where} is not valid`,
    errors,
  );
}

/** The fields of an object schema that are valid on their own (for `rules` when the whole is not). */
function validFields(schema: z.ZodType, data: unknown): Record<string, unknown> | null {
  let inner: z.ZodType = schema;
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodDefault) inner = inner.unwrap() as z.ZodType;
  if (!(inner instanceof z.ZodObject) || data === null || typeof data !== 'object' || Array.isArray(data))
    return null;
  const valid: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(inner.shape as Record<string, z.ZodType>)) {
    const parsed = field.safeParse((data as Record<string, unknown>)[key]);
    if (parsed.success && parsed.data !== undefined) valid[key] = parsed.data;
  }
  return valid;
}

function mergeByPath(errors: readonly FieldError[]): FieldError[] {
  const byPath = new Map<string, FieldError>();
  for (const error of errors) if (!byPath.has(error.path)) byPath.set(error.path, error);
  return [...byPath.values()];
}
