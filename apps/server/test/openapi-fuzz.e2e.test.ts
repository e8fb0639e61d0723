import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.js';
import { FUZZ_PASSWORD, buildWorld, jpeg, type FuzzMember, type Pools } from './fuzz/fuzz-world.js';
import { fillFromPools, plansFor, type Operation, type Plan } from './fuzz/request-plans.js';
import { SchemaArbitraries } from './fuzz/schema-arbitrary.js';
import { sequences, type Call } from './fuzz/sequences.js';

/**
 * The OpenAPI document against the running server: requests drawn from its
 * own schemas (valid ones and broken ones), sent as members in realistic
 * states, every answer held to what the document says of it. Seeded:
 * FUZZ_SEED replays a run; FUZZ_REQUESTS sets how many.
 */
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 10_500);
const LANES = 6;
const SEQUENCES = 150;

let t: TestServer;
let doc: {
  paths: Record<string, Record<string, Operation['op']>>;
  components: { schemas: Record<string, object> };
};
let members: FuzzMember[];
let pools: Pools;
let picture: Buffer;

beforeAll(async () => {
  t = await startTestServer({ label: 'fuzz', env: { DATABASE_POOL_SIZE: '12' } });
  doc = (await t.api.get('/openapi.json')).body;
  ({ members, pools } = await buildWorld(t));
  picture = await jpeg();
}, 120_000);
afterAll(() => t?.stop());

interface Outcome {
  readonly plan: Plan;
  readonly status: number;
  readonly body?: any;
  readonly failures: readonly string[];
  readonly request: string;
}

describe('the OpenAPI document, fuzzed against the server', () => {
  it(
    `answers ${REQUESTS} generated requests as documented (seed ${SEED})`,
    { timeout: 300_000 },
    async () => {
      console.log(
        `fuzz seed ${SEED} (replay: FUZZ_SEED=${SEED} npx vitest run apps/server/test/openapi-fuzz.e2e.test.ts)`,
      );
      const arbs = new SchemaArbitraries(doc.components.schemas);
      const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
      addFormats.default(ajv);
      const validators = new Map<string, ValidateFunction>();
      const validatorFor = (schema: object, key: string) => {
        let v = validators.get(key);
        if (!v) validators.set(key, (v = ajv.compile({ ...schema, components: doc.components })));
        return v;
      };

      const operations: Operation[] = Object.entries(doc.paths).flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, op]) => ({
          method: method.toUpperCase(),
          path,
          operationId: op.operationId,
          op,
        })),
      );
      const perOperation = Math.ceil(REQUESTS / operations.length);
      const plans = operations.flatMap((operation, i) =>
        fc.sample(plansFor(operation, arbs, members.length), { seed: SEED + i, numRuns: perOperation }),
      );
      shuffle(plans, SEED);

      const outcomes: Outcome[] = [];
      const started = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: LANES }, async () => {
          while (next < plans.length) {
            const plan = fillFromPools(plans[next++]!, pools);
            outcomes.push(await send(plan, validatorFor));
          }
        }),
      );
      // Stateful sequences: create, then use what was created.
      const byId = new Map(operations.map((o) => [o.operationId, o]));
      const call: Call = async (operationId, parts) => {
        const outcome = await send(
          {
            operation: byId.get(operationId)!,
            valid: true,
            mutation: 'none',
            member: parts.member,
            path: parts.path ?? {},
            query: parts.query ?? {},
            body: parts.body,
            hasBody: parts.body !== undefined,
            picks: [0],
            ownCredentials: false,
            file: 'picture',
          },
          validatorFor,
        );
        outcomes.push(outcome);
        return { status: outcome.status, body: outcome.body };
      };
      const chains = fc.sample(sequences(members), { seed: SEED, numRuns: SEQUENCES });
      let nextChain = 0;
      await Promise.all(
        Array.from({ length: LANES }, async () => {
          while (nextChain < chains.length) await chains[nextChain++]!(call);
        }),
      );
      const seconds = (performance.now() - started) / 1000;

      printTable(outcomes, seconds);
      const failed = outcomes.filter((o) => o.failures.length > 0);
      for (const o of failed.slice(0, 15)) console.error(`${o.failures.join('; ')}\n  ${o.request}`);
      expect(outcomes.length).toBeGreaterThanOrEqual(10_000);
      expect(failed.map((o) => `${o.plan.operation.operationId} ${o.status}: ${o.failures[0]}`)).toEqual([]);
    },
  );
});

async function send(
  plan: Plan,
  validatorFor: (schema: object, key: string) => ValidateFunction,
): Promise<Outcome> {
  const { operation } = plan;
  const member = members[plan.member]!;
  const needsAuth = (operation.op.security ?? []).length > 0;
  const headers: Record<string, string> = {};
  let body = plan.body;
  const opId = operation.operationId;
  if (plan.ownCredentials && opId === 'logIn' && plan.valid)
    body = { username: member.username, password: FUZZ_PASSWORD };
  if (plan.ownCredentials && opId === 'refreshSession' && plan.valid)
    body = { refreshToken: member.refreshToken };
  const usesToken = needsAuth || (opId === 'logOut' && plan.ownCredentials && plan.valid);
  if (usesToken && plan.mutation !== 'no-auth')
    headers.authorization = plan.mutation === 'bad-auth' ? 'Bearer not.a.token' : `Bearer ${member.token}`;

  const url = new URL(
    operation.path.replace(/\{(\w+)\}/g, (_, name: string) => segment(String(plan.path[name] ?? ''))),
    t.server.url,
  );
  for (const [key, value] of Object.entries(plan.query))
    if (value !== undefined)
      url.searchParams.set(key, typeof value === 'string' ? value : JSON.stringify(value));

  let payload: string | FormData | undefined;
  if (operation.op.requestBody?.content['multipart/form-data']) {
    const form = new FormData();
    const bytes = plan.file === 'noise' ? Buffer.from('not a picture at all') : picture;
    if (plan.file !== 'missing')
      form.append(
        plan.file === 'wrong-field' ? 'other' : 'file',
        new Blob([bytes], { type: 'image/jpeg' }),
        'p.jpg',
      );
    payload = form;
  } else if (plan.hasBody) {
    payload = plan.mutation === 'malformed-json' ? '{"oops": ' : JSON.stringify(body ?? {});
    headers['content-type'] = plan.mutation === 'content-type' ? 'text/plain' : 'application/json';
  }
  if (plan.mutation === 'content-encoding') headers['content-encoding'] = 'gzip';

  const request = `${operation.method} ${url.pathname}${url.search} ${headers.authorization ? '(auth) ' : ''}${typeof payload === 'string' ? payload.slice(0, 300) : payload ? '(multipart)' : ''} [${plan.valid ? 'valid' : plan.mutation}]`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: operation.method,
      headers,
      redirect: 'manual',
      ...(payload !== undefined && { body: payload }),
    });
  } catch (error) {
    return {
      plan,
      status: 0,
      failures: [`no answer: ${(error as Error).message}`],
      request,
      body: undefined,
    };
  }
  const status = response.status;
  const type = response.headers.get('content-type') ?? '';
  const text = await response.text();
  const failures: string[] = [];
  let parsed: any;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    if (/json/.test(type)) failures.push('a JSON content type with a body that is not JSON');
  }

  if (status >= 500) failures.push(`a server error: ${text.slice(0, 200)}`);
  const documented = operation.op.responses[String(status)];
  if (!documented) failures.push(`status ${status} is not documented for ${opId}: ${text.slice(0, 200)}`);
  if (status >= 400 && !type.startsWith('application/problem+json'))
    failures.push(`an error as ${type}, not problem+json`);
  const media = documented?.content?.[type.split(';')[0]!.trim()];
  if (documented?.content && !media && status !== 204)
    failures.push(`content type ${type} is not documented`);
  if (media && parsed !== undefined) {
    const validate = validatorFor(media.schema as object, `${opId} ${status} ${type}`);
    if (!validate(parsed))
      failures.push(`the body breaks its schema: ${ajvErrors(validate)} in ${text.slice(0, 300)}`);
  }
  if (plan.valid && status === 400 && parsed?.code === 'VALIDATION_FAILED') {
    const allowed = new Set(documented?.['x-rule-codes'] ?? []);
    const unnamed = (parsed.errors ?? []).filter((e: { code: string }) => !allowed.has(e.code));
    if (unnamed.length)
      failures.push(
        `a request valid by the schema refused for a reason the document does not name: ${JSON.stringify(unnamed)}`,
      );
  }
  if (plan.valid && (status === 413 || status === 415) && opId !== 'uploadPicture')
    failures.push(`a valid request answered ${status}`);

  await followUp(plan, member, status, parsed, headers.authorization !== undefined);
  return { plan, status, failures, request, body: parsed };
}

/** Keeps the world going: ids learnt, new tokens kept, sessions a request ended opened again. */
async function followUp(plan: Plan, member: FuzzMember, status: number, body: any, usedToken: boolean) {
  const opId = plan.operation.operationId;
  if (status >= 200 && status < 300 && body !== undefined) {
    pools.learn(body);
    pools.learnCursor(opId, body);
  }
  if (
    status === 200 &&
    (opId === 'logIn' || opId === 'refreshSession') &&
    plan.ownCredentials &&
    plan.valid
  ) {
    member.token = body.accessToken;
    member.refreshToken = body.refreshToken;
  }
  if (status === 200 && opId === 'changeUsername') member.username = body.username;
  // Blocks and unlikes between members of the world are undone at once, so it stays connected.
  const other =
    members.find((m) => m.id === body?.id) ??
    members.find((m) => plan.path.ref === m.username || plan.path.ref === m.id);
  if (status === 200 && other && other !== member) {
    if (opId === 'blockUser') await t.api.delete(`/api/v1/users/${other.id}/block`, undefined, member.token);
    if (opId === 'unlikeUser') await t.api.post(`/api/v1/users/${other.id}/like`, undefined, member.token);
  }
  const ended =
    (status === 401 && usedToken && plan.mutation !== 'bad-auth') ||
    (status === 204 && opId === 'logOut' && usedToken);
  if (ended) {
    const login = await t.api.post('/api/v1/auth/login', {
      username: member.username,
      password: FUZZ_PASSWORD,
    });
    if (login.status === 200) {
      member.token = login.body.accessToken;
      member.refreshToken = login.body.refreshToken;
    }
  }
}

function segment(value: string): string {
  // URLs resolve "." and ".." segments away (%2E too): no client can send them as an id.
  if (value === '.' || value === '..') return `${value}x`;
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80'; // a lone surrogate has no UTF-8: its CESU-8 bytes instead
  }
}

function ajvErrors(validate: ValidateFunction): string {
  return (validate.errors ?? [])
    .slice(0, 3)
    .map((e) => `${e.instancePath || '/'} ${e.message}`)
    .join(', ');
}

function shuffle<T>(items: T[], seed: number): void {
  let state = seed >>> 0 || 1;
  for (let i = items.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const j = state % (i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}

function printTable(outcomes: readonly Outcome[], seconds: number): void {
  const statuses = [...new Set(outcomes.map((o) => o.status))].sort((a, b) => a - b);
  const byOp = new Map<string, Map<number, number>>();
  for (const o of outcomes) {
    const row = byOp.get(o.plan.operation.operationId) ?? new Map<number, number>();
    row.set(o.status, (row.get(o.status) ?? 0) + 1);
    byOp.set(o.plan.operation.operationId, row);
  }
  const width = 28;
  const lines = [
    `${outcomes.length} requests in ${seconds.toFixed(1)} s (${(outcomes.length / seconds).toFixed(0)}/s), ${outcomes.filter((o) => o.plan.valid).length} valid by the schema (${SEQUENCES} stateful sequences among them), seed ${SEED}`,
    `${'operation'.padEnd(width)}${'total'.padStart(7)}${statuses.map((s) => String(s).padStart(6)).join('')}`,
  ];
  for (const [op, row] of [...byOp].sort(([a], [b]) => a.localeCompare(b))) {
    const total = [...row.values()].reduce((a, b) => a + b, 0);
    lines.push(
      `${op.padEnd(width)}${String(total).padStart(7)}${statuses.map((s) => String(row.get(s) ?? '').padStart(6)).join('')}`,
    );
  }
  const totals = statuses
    .map((s) => String(outcomes.filter((o) => o.status === s).length).padStart(6))
    .join('');
  lines.push(`${'all'.padEnd(width)}${String(outcomes.length).padStart(7)}${totals}`);
  console.log(lines.join('\n'));
}
