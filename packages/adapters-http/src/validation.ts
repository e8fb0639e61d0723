import type { FieldError } from '@kindred/domain';
import type { z } from 'zod';
import { HttpProblem } from './problem.js';

type Issue = z.core.$ZodIssue;

/** JSON Pointer for body fields, `?name` for query parameters (the contract's convention). */
function pathOf(where: 'body' | 'query' | 'params', path: readonly PropertyKey[]): string {
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
    default:
      return 'INVALID';
  }
}

/** One entry per failing field, the first rule it breaks. */
export function toFieldErrors(where: 'body' | 'query' | 'params', issues: readonly Issue[]): FieldError[] {
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

export function parseWith<T extends z.ZodType>(
  schema: T,
  data: unknown,
  where: 'body' | 'query' | 'params',
): z.output<T> {
  const result = schema.safeParse(data, { reportInput: true });
  if (result.success) return result.data;
  const errors = toFieldErrors(where, result.error.issues);
  throw new HttpProblem(
    'VALIDATION_FAILED',
    `The request ${where === 'body' ? 'body' : where} is not valid`,
    errors,
  );
}
