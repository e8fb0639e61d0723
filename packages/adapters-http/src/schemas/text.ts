import { z } from 'zod';
import 'zod-openapi';
import { TEXT_PATTERNS, codePoints, textProblem, type FieldError, type TextKind } from '@kindred/domain';

/** The issue's `params.rule` becomes the field's `errors[].code` (see validation.ts). */
export interface RuleParams {
  readonly rule: string;
}

export interface TextOptions {
  /** `line` (the default): no control character; `multiline`: tab, CR and LF allowed; `any`: only U+0000 and lone surrogates refused. */
  readonly kind?: TextKind;
  /** Code points, counted after trimming when `trim`. */
  readonly min?: number;
  readonly max: number;
  /** The domain trims this field before storing it: lengths count what is left. */
  readonly trim?: boolean;
  /** What the length is counted on, when the domain normalises the value otherwise (interests). */
  readonly measure?: (value: string) => string;
  /** The code of a length out of range (default `OUT_OF_RANGE`), as the domain names it (`WEAK_PASSWORD`…). */
  readonly lengthCode?: string | { readonly short: string; readonly long: string };
  /** The domain's own check of the value, for rules beyond characters and length (answers its field errors). */
  readonly rule?: (value: string) => readonly FieldError[];
  /** How the document states `rule` (JSON Schema keywords: `pattern`, `format`); `pattern` replaces the kind's. */
  readonly documented?: { readonly pattern?: string; readonly format?: string };
  readonly description?: string;
  readonly example?: string;
}

/**
 * A string field at the edge: the domain's text rules for its kind, its
 * length in code points (as the contract counts), and any rule of the
 * domain's own; the OpenAPI document states the same (minLength, maxLength,
 * pattern), so a client knows every rule before it sends.
 */
export function text(options: TextOptions) {
  const kind = options.kind ?? 'line';
  const min = options.min ?? 0;
  return z
    .string()
    .superRefine((value, ctx) => {
      const fail = (rule: string, message: string) =>
        ctx.addIssue({ code: 'custom', message, params: { rule } satisfies RuleParams, input: value });
      const bad = textProblem(value, kind);
      if (bad) return fail(bad, characterMessage(kind));
      const measured = options.measure ? options.measure(value) : options.trim ? value.trim() : value;
      const length = codePoints(measured);
      const codes = options.lengthCode ?? 'OUT_OF_RANGE';
      if (length < min) return fail(typeof codes === 'string' ? codes : codes.short, lengthMessage(options));
      if (length > options.max)
        return fail(typeof codes === 'string' ? codes : codes.long, lengthMessage(options));
      for (const problem of options.rule?.(value) ?? []) return fail(problem.code, problem.message);
    })
    .meta({
      ...(options.description !== undefined && { description: options.description }),
      ...(options.example !== undefined && { examples: [options.example] }),
      override: {
        type: 'string',
        ...(min > 0 && { minLength: min }),
        maxLength: options.max,
        pattern: options.documented?.pattern ?? documentedPattern(kind, options.trim === true && min > 0),
        ...(options.documented?.format !== undefined && { format: options.documented.format }),
      },
    });
}

/** The kind's character rule; with `nonBlank`, also at least one character that trimming keeps. */
function documentedPattern(kind: TextKind, nonBlank: boolean): string {
  const base = TEXT_PATTERNS[kind];
  if (!nonBlank) return base;
  const allowed = base.slice(1, -2); // `[^…]` of `^[^…]*$`
  const kept = `[^\\s${allowed.slice(2)}`;
  return `^${allowed}*${kept}${allowed}*$`;
}

function characterMessage(kind: TextKind): string {
  if (kind === 'line') return 'No control characters (line breaks included), U+0000 or lone surrogates';
  if (kind === 'multiline')
    return 'No control characters but tab and line breaks, no U+0000 or lone surrogates';
  return 'No U+0000 or lone surrogates';
}

function lengthMessage(options: TextOptions): string {
  const after = options.measure ? ' once normalised' : options.trim ? ' after trimming' : '';
  return `Use ${options.min ?? 0}–${options.max} characters${after}`;
}

/**
 * An id as clients send it: opaque, any length. One that is not one of ours
 * names nothing, and the route answers as for an id that does not exist.
 */
export const id = (description = 'An id (opaque)', example = '01936f4e-8b7a-7cde-9f01-23456789abcd') =>
  z
    .string()
    .superRefine((value, ctx) => {
      const bad = value === '' ? 'REQUIRED' : textProblem(value, 'line');
      if (bad)
        ctx.addIssue({
          code: 'custom',
          message: characterMessage('line'),
          params: { rule: bad } satisfies RuleParams,
          input: value,
        });
    })
    .meta({
      description,
      examples: [example],
      // Opaque and unbounded: one of any length that is not ours names nothing.
      override: { type: 'string', minLength: 1, pattern: TEXT_PATTERNS.line, 'x-opaque-id': true },
    });

/**
 * A list of at most `max` items, refused with the domain's code for too
 * many (`TOO_MANY`); the document states `maxItems`.
 */
export function list<T extends z.ZodType>(item: T, options: { readonly max: number; readonly min?: number }) {
  const min = options.min ?? 0;
  return z
    .array(item)
    .superRefine((items, ctx) => {
      if (items.length > options.max)
        ctx.addIssue({
          code: 'custom',
          message: `At most ${options.max}`,
          params: { rule: 'TOO_MANY' } satisfies RuleParams,
          input: items,
        });
      else if (items.length < min)
        ctx.addIssue({
          code: 'custom',
          message: `At least ${min}`,
          params: { rule: min === 1 ? 'EMPTY' : 'OUT_OF_RANGE' } satisfies RuleParams,
          input: items,
        });
    })
    .meta({ override: { maxItems: options.max, ...(min > 0 && { minItems: min }) } });
}
