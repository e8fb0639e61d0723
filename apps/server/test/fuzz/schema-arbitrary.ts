import fc from 'fast-check';

/** The part of JSON Schema 2020-12 the OpenAPI document uses. */
export interface JsonSchema {
  readonly $ref?: string;
  readonly type?: string | readonly string[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly anyOf?: readonly JsonSchema[];
  readonly oneOf?: readonly JsonSchema[];
  readonly allOf?: readonly JsonSchema[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | JsonSchema;
  readonly items?: JsonSchema;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly format?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly default?: unknown;
  readonly examples?: readonly unknown[];
}

/**
 * Turns the document's schemas into fast-check arbitraries: `valid` draws
 * values the schema accepts (boundaries included, examples now and then),
 * `invalid` draws values it refuses, one broken rule at a time. fast-check
 * gives seeded, replayable draws; the translation is this file's.
 */
export class SchemaArbitraries {
  constructor(private readonly components: Readonly<Record<string, JsonSchema>>) {}

  resolve(schema: JsonSchema): JsonSchema {
    let s = schema;
    for (let i = 0; s.$ref && i < 10; i++) {
      const name = s.$ref.replace('#/components/schemas/', '');
      s = {
        ...this.components[name],
        ...Object.fromEntries(Object.entries(s).filter(([k]) => k !== '$ref')),
      };
    }
    return s;
  }

  valid(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
    const s = this.resolve(schema);
    const examples = s.examples?.length ? [fc.constantFrom(...s.examples)] : [];
    const drawn = this.validOfShape(s, depth);
    return examples.length
      ? fc.oneof({ weight: 1, arbitrary: examples[0]! }, { weight: 6, arbitrary: drawn })
      : drawn;
  }

  private validOfShape(s: JsonSchema, depth: number): fc.Arbitrary<unknown> {
    if (s.const !== undefined) return fc.constant(s.const);
    if (s.enum) return fc.constantFrom(...s.enum);
    const choices = s.anyOf ?? s.oneOf;
    if (choices) return fc.oneof(...choices.map((c) => this.valid(c, depth)));
    if (s.allOf) return this.valid(this.merge(s.allOf), depth);
    const type = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
    if (type.length > 1) return fc.oneof(...type.map((t) => this.valid({ ...s, type: t }, depth)));
    switch (type[0]) {
      case 'null':
        return fc.constant(null);
      case 'boolean':
        return fc.boolean();
      case 'integer':
        return this.integer(s);
      case 'number':
        return this.number(s);
      case 'string':
        return validString(s);
      case 'array': {
        const min = s.minItems ?? 0;
        const max = Math.min(s.maxItems ?? 4, min + 4);
        return fc.oneof(
          fc.array(this.valid(s.items ?? {}, depth + 1), { minLength: min, maxLength: max }),
          ...(s.maxItems !== undefined && s.maxItems <= 50
            ? [
                fc.array(this.valid(s.items ?? {}, depth + 1), {
                  minLength: s.maxItems,
                  maxLength: s.maxItems,
                }),
              ]
            : []),
        );
      }
      case 'object':
        return this.object(s, depth);
      default:
        return fc.jsonValue({ maxDepth: 2 });
    }
  }

  private object(s: JsonSchema, depth: number): fc.Arbitrary<unknown> {
    const properties = s.properties ?? {};
    const required = new Set(s.required ?? []);
    const keys = Object.keys(properties);
    if (keys.length === 0) return fc.constant({});
    return fc.record(Object.fromEntries(keys.map((k) => [k, this.valid(properties[k]!, depth + 1)])), {
      requiredKeys: keys.filter((k) => required.has(k)),
    });
  }

  private integer(s: JsonSchema): fc.Arbitrary<number> {
    const min = Math.ceil(s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : (s.minimum ?? -1e6));
    const max = Math.floor(s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : (s.maximum ?? 1e6));
    return fc.oneof(fc.integer({ min, max }), fc.constantFrom(min, max));
  }

  private number(s: JsonSchema): fc.Arbitrary<number> {
    const min = s.minimum ?? -1e6;
    const max = s.maximum ?? 1e6;
    return fc.oneof(fc.double({ min, max, noNaN: true, noDefaultInfinity: true }), fc.constantFrom(min, max));
  }

  /** allOf of object schemas, as one. */
  private merge(parts: readonly JsonSchema[]): JsonSchema {
    return parts
      .map((p) => this.resolve(p))
      .reduce<JsonSchema>(
        (a, b) => ({
          ...a,
          ...b,
          properties: { ...a.properties, ...b.properties },
          required: [...(a.required ?? []), ...(b.required ?? [])],
        }),
        {},
      );
  }

  /** A value the schema refuses: the wrong type, a bound broken, an odd string, a field missing or unknown. */
  invalid(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> | null {
    const s = this.resolve(schema);
    const options: fc.Arbitrary<unknown>[] = [];
    const type = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
    const accepts = (t: string) =>
      type.includes(t) || (s.anyOf ?? []).some((c) => this.resolve(c).type === t);
    if (s.enum || s.const !== undefined) options.push(fc.constantFrom('not-one-of-them', '', 'ROBOT'));
    if (!accepts('string')) options.push(fc.string({ maxLength: 5 }));
    if (!accepts('number') && !accepts('integer')) options.push(fc.integer());
    if (!accepts('object')) options.push(fc.constant({ unexpected: true }));
    if (!accepts('null') && depth > 0) options.push(fc.constant(null));
    if (accepts('boolean') === false && depth === 0) options.push(fc.constant([]));
    if (type[0] === 'string') options.push(...invalidStrings(s));
    if (type[0] === 'integer' || type[0] === 'number') {
      if (s.minimum !== undefined) options.push(fc.constant(s.minimum - 1));
      if (s.maximum !== undefined) options.push(fc.constant(s.maximum + 1));
      if (type[0] === 'integer') options.push(fc.constant(1.5));
    }
    if (type[0] === 'array') {
      if (s.maxItems !== undefined && s.maxItems <= 200)
        options.push(
          fc.array(this.valid(s.items ?? {}), { minLength: s.maxItems + 1, maxLength: s.maxItems + 1 }),
        );
      if (s.minItems) options.push(fc.constant([]));
      const bad = s.items ? this.invalid(s.items, depth + 1) : null;
      if (bad) options.push(fc.tuple(bad).map((x) => x));
    }
    if (type[0] === 'object') options.push(...this.invalidObjects(s, depth));
    return options.length ? fc.oneof(...options) : null;
  }

  private invalidObjects(s: JsonSchema, depth: number): fc.Arbitrary<unknown>[] {
    const properties = s.properties ?? {};
    const keys = Object.keys(properties);
    const valid = this.valid(s, depth) as fc.Arbitrary<Record<string, unknown>>;
    const out: fc.Arbitrary<unknown>[] = [];
    if (s.additionalProperties === false)
      out.push(valid.map((v) => ({ ...v, ['unexpected' + 'Field']: 'x' })));
    for (const key of s.required ?? [])
      out.push(
        valid.map((v) => {
          const { [key]: _gone, ...rest } = v;
          return rest;
        }),
      );
    for (const key of keys) {
      const bad = this.invalid(properties[key]!, depth + 1);
      if (bad) out.push(fc.tuple(valid, bad).map(([v, b]) => ({ ...v, [key]: b })));
    }
    return out;
  }
}

/** Odd strings of every kind: each is refused by the schema wherever a string has a pattern. */
export const ODD_STRINGS = [
  'a\u0000b',
  'a\ud800b',
  '\udc00',
  'line\nbreak',
  'carriage\rreturn',
  'tab\there',
  '\u0007bell',
  '\u0085next-line',
  '\u007f',
];

function invalidStrings(s: JsonSchema): fc.Arbitrary<unknown>[] {
  const out: fc.Arbitrary<unknown>[] = [];
  if (s.maxLength !== undefined && s.maxLength < 20_000) out.push(fc.constant('x'.repeat(s.maxLength + 1)));
  if (s.minLength) out.push(fc.constant(''));
  if (s.pattern) {
    const pattern = new RegExp(s.pattern, 'u');
    const odd = ODD_STRINGS.filter((v) => !safeTest(pattern, v));
    if (odd.length) out.push(fc.constantFrom(...odd));
  }
  return out;
}

function safeTest(pattern: RegExp, value: string): boolean {
  try {
    return pattern.test(value);
  } catch {
    return false;
  }
}

/** A char class pattern `^[^…]*$` (or `^[…]{m,n}$`) as the characters it allows, for fast draws. */
const NEGATED_CLASS = /^\^\[\^((?:\\u[0-9a-f]{4}-\\u[0-9a-f]{4}|\\u[0-9a-f]{4}|\\s|[^\]\\])+)\]\*\$$/i;

function validString(s: JsonSchema): fc.Arbitrary<string> {
  const min = s.minLength ?? 0;
  // Long fields are drawn mostly short, but their bounds are tried too.
  const max = Math.min(s.maxLength ?? 40, Math.max(min, 40));
  if (s.format === 'uuid') return fc.uuid();
  if (s.format === 'date' && !s.pattern)
    return fc
      .date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
  if (s.format === 'date' && s.pattern)
    return fc
      .date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
  if (s.format === 'date-time') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
  const bounds = (arb: fc.Arbitrary<string>) => {
    const extremes =
      s.maxLength !== undefined && s.maxLength <= 5000 && !s.pattern
        ? [fc.constant('é'.repeat(s.maxLength)), fc.constant('😀'.repeat(s.maxLength))]
        : [];
    return extremes.length ? fc.oneof({ weight: 8, arbitrary: arb }, ...extremes) : arb;
  };
  if (s.pattern) {
    const negated = NEGATED_CLASS.exec(s.pattern);
    if (negated) {
      const refused = new RegExp(`[${negated[1]}]`, 'u');
      const unit = fc
        .oneof(
          fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
          fc.constantFrom("'", '"', '\\', '$1', '?', '%', '_', '\u200f', '\u202e', ' ', '😀', '#'),
        )
        .filter((c) => !refused.test(c));
      const text = fc
        .array(unit, { minLength: min, maxLength: max })
        .map((parts) => parts.join(''))
        .filter((v) => lengthOk(v, s));
      return bounds(text);
    }
    const pattern = new RegExp(s.pattern, 'u');
    return fc.stringMatching(pattern).filter((v) => lengthOk(v, s));
  }
  return bounds(
    fc.string({ unit: 'grapheme', minLength: min, maxLength: max }).filter((v) => lengthOk(v, s)),
  );
}

/** JSON Schema counts code points. */
function lengthOk(value: string, s: JsonSchema): boolean {
  const n = [...value].length;
  return n >= (s.minLength ?? 0) && n <= (s.maxLength ?? Infinity);
}
