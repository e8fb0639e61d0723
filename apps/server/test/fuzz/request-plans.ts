import fc from 'fast-check';
import { ODD_STRINGS, type SchemaArbitraries, type JsonSchema } from './schema-arbitrary.js';
import type { Pools } from './fuzz-world.js';

export interface Operation {
  readonly method: string;
  readonly path: string;
  readonly operationId: string;
  readonly op: OperationObject;
}

interface Parameter {
  readonly in: 'path' | 'query' | 'header';
  readonly name: string;
  readonly required?: boolean;
  readonly schema: JsonSchema;
}

export interface OperationObject {
  readonly operationId: string;
  readonly parameters?: readonly Parameter[];
  readonly requestBody?: {
    readonly required?: boolean;
    readonly content: Record<string, { schema: JsonSchema }>;
  };
  readonly responses: Record<string, ResponseObject>;
  readonly security?: readonly unknown[];
}

export interface ResponseObject {
  readonly content?: Record<string, { schema: JsonSchema }>;
  readonly 'x-rule-codes'?: readonly string[];
}

type PoolName = 'users' | 'conversations' | 'messages' | 'pictures' | 'notifications';

/** Where a field names something that exists: the fuzzer mostly fills it from what it has seen. */
const POOLED: Record<string, Record<string, PoolName>> = {
  '*': { ref: 'users', username: 'users' },
  getConversation: { id: 'conversations' },
  renameGroup: { id: 'conversations' },
  addParticipant: { id: 'conversations', username: 'users' },
  removeParticipant: { id: 'conversations' },
  listMessages: { id: 'conversations', before: 'messages', after: 'messages' },
  sendMessage: { id: 'conversations' },
  markConversationRead: { id: 'conversations', messageId: 'messages' },
  deletePicture: { id: 'pictures' },
  setProfilePicture: { pictureId: 'pictures' },
  markNotificationsRead: { ids: 'notifications', upTo: 'notifications' },
  createGroup: { participants: 'users' },
};
/** Fields a client chooses freshly (a new username), never from the pools. */
const FRESH: Record<string, readonly string[]> = {
  register: ['username'],
  changeUsername: ['username'],
  isUsernameAvailable: ['username'],
};

export type Mutation =
  | 'none'
  | 'body'
  | 'malformed-json'
  | 'content-type'
  | 'content-encoding'
  | 'query'
  | 'unknown-query'
  | 'path'
  | 'no-auth'
  | 'bad-auth';

/** One request to send, drawn before it is sent; `picks` choose among the pools at sending time. */
export interface Plan {
  readonly operation: Operation;
  readonly valid: boolean;
  readonly mutation: Mutation;
  readonly member: number;
  readonly path: Record<string, unknown>;
  readonly query: Record<string, unknown>;
  readonly body: unknown;
  readonly hasBody: boolean;
  /** For each pooled field, whether to take it from a pool, and which entry. */
  readonly picks: readonly number[];
  readonly ownCredentials: boolean;
  readonly file: 'picture' | 'noise' | 'missing' | 'wrong-field';
}

export function plansFor(operation: Operation, arbs: SchemaArbitraries, members: number): fc.Arbitrary<Plan> {
  const params = operation.op.parameters ?? [];
  const pathParams = params.filter((p) => p.in === 'path');
  const queryParams = params.filter((p) => p.in === 'query');
  const json = operation.op.requestBody?.content['application/json']?.schema;
  const multipart = operation.op.requestBody?.content['multipart/form-data'];
  const needsAuth = (operation.op.security ?? []).length > 0;

  const validPath = fc.record(Object.fromEntries(pathParams.map((p) => [p.name, arbs.valid(p.schema)])));
  // Optional parameters appear now and then, so that most valid requests ask something plausible.
  const validQuery = fc
    .record(
      Object.fromEntries(
        queryParams.map((p) => [
          p.name,
          p.required
            ? arbs.valid(p.schema)
            : fc.oneof(
                { weight: 2, arbitrary: fc.constant(undefined) },
                { weight: 1, arbitrary: arbs.valid(p.schema) },
              ),
        ]),
      ),
    )
    .map((q) => Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined)));
  const validBody = json ? arbs.valid(json) : fc.constant(undefined);

  const mutations: Mutation[] = [];
  if (json) mutations.push('body', 'body', 'body', 'malformed-json', 'content-type', 'content-encoding');
  if (queryParams.length) mutations.push('query', 'query', 'unknown-query');
  if (pathParams.length) mutations.push('path', 'path');
  if (needsAuth) mutations.push('no-auth', 'bad-auth');
  if (multipart) mutations.push('content-encoding');

  const invalidBody = json ? arbs.invalid(json) : null;
  const invalidQuery = queryParams.length
    ? fc.oneof(
        ...queryParams.flatMap((p) => {
          const bad = arbs.invalid(p.schema);
          return bad ? [bad.map((value) => ({ [p.name]: value }))] : [];
        }),
        fc.constant({}),
      )
    : fc.constant({});

  return fc
    .record({
      valid: fc.boolean(),
      mutation: mutations.length ? fc.constantFrom(...mutations) : fc.constant<Mutation>('none'),
      member: fc.nat({ max: members - 1 }),
      path: validPath,
      query: validQuery,
      body: validBody,
      badBody: invalidBody ?? fc.constant(undefined),
      badQuery: invalidQuery,
      badPath: fc.constantFrom(...ODD_STRINGS),
      picks: fc.array(fc.nat(), { minLength: 4, maxLength: 4 }),
      ownCredentials: fc.boolean(),
      sendBody: fc.boolean(),
      file: fc.constantFrom(
        'picture',
        'picture',
        'picture',
        'noise',
        'missing',
        'wrong-field',
      ) as fc.Arbitrary<Plan['file']>,
    })
    .map((r): Plan => {
      const valid = r.valid || mutations.length === 0;
      const mutation: Mutation = valid ? 'none' : r.mutation;
      const path = { ...r.path };
      if (mutation === 'path' && pathParams.length)
        path[pathParams[r.member % pathParams.length]!.name] = r.badPath;
      const query =
        mutation === 'query'
          ? { ...r.query, ...(r.badQuery as object) }
          : mutation === 'unknown-query'
            ? { ...r.query, unexpected: 'x' }
            : r.query;
      const body = mutation === 'body' ? r.badBody : r.body;
      const optionalBody = operation.op.requestBody?.required === false;
      return {
        operation,
        valid,
        mutation,
        member: r.member,
        path,
        query,
        body,
        hasBody: json !== undefined && (!optionalBody || r.sendBody || mutation !== 'none'),
        picks: r.picks,
        ownCredentials: r.ownCredentials,
        file: valid ? (r.file === 'missing' || r.file === 'wrong-field' ? 'picture' : r.file) : r.file,
      };
    });
}

/** Replaces pooled fields by ids the fuzzer has seen (most of the time), so requests reach real things. */
export function fillFromPools(plan: Plan, pools: Pools): Plan {
  if (!plan.valid && plan.mutation !== 'no-auth' && plan.mutation !== 'bad-auth') return plan;
  const opId = plan.operation.operationId;
  const rules = { ...POOLED['*'], ...POOLED[opId] };
  const fresh = new Set(FRESH[opId] ?? []);
  let n = 0;
  const draw = (pool: PoolName): string | undefined => {
    const pick = plan.picks[n++ % plan.picks.length]!;
    const values = [...pools[pool]];
    // One draw in five keeps the schema's own (random) value.
    if (values.length === 0 || pick % 5 === 0) return undefined;
    return values[pick % values.length];
  };
  const fill = (record: Record<string, unknown>) => {
    const out = { ...record };
    for (const [key, pool] of Object.entries(rules)) {
      if (fresh.has(key) || !(key in out)) continue;
      const current = out[key];
      if (Array.isArray(current)) out[key] = current.map((v) => draw(pool) ?? v);
      else if (typeof current === 'string') out[key] = draw(pool) ?? current;
    }
    return out;
  };
  const body =
    plan.body !== null && typeof plan.body === 'object' && !Array.isArray(plan.body)
      ? fill(plan.body as Record<string, unknown>)
      : plan.body;
  // A cursor is one an earlier page of the same list gave, or none.
  const query = fill(plan.query);
  if ('cursor' in query) {
    const cursors = pools.cursors.get(opId) ?? [];
    const pick = plan.picks[0]! % (cursors.length + 1);
    if (pick < cursors.length) query.cursor = cursors[pick];
    else delete query.cursor;
  }
  return { ...plan, path: fill(plan.path), query, body };
}
