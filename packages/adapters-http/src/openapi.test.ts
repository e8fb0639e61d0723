import { describe, expect, it } from 'vitest';
import { allRoutes, API_VERSION } from './app.js';
import { buildOpenApiDocument } from './openapi.js';
import type { HttpDeps } from './http-deps.js';
import { STATUS_OF } from './problem.js';

// The document is built from the route definitions the server runs; handlers are never called here.
const deps = new Proxy(
  {},
  { get: () => new Proxy(() => {}, { get: () => () => {} }) },
) as unknown as HttpDeps;
const routes = allRoutes(deps);
const doc = buildOpenApiDocument(routes, API_VERSION) as any;
const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
  Object.entries(methods as Record<string, any>).map(([method, op]) => ({ path, method, op })),
);
const resolve = (schema: any): any =>
  schema?.$ref ? resolve(doc.components.schemas[schema.$ref.split('/').pop()]) : schema;

/** Every string schema a request can carry, with where it is. */
function requestStrings(): { where: string; schema: any }[] {
  const found: { where: string; schema: any }[] = [];
  const walk = (schema: any, where: string) => {
    const s = resolve(schema);
    if (!s) return;
    for (const choice of s.anyOf ?? []) walk(choice, where);
    if (s.type === 'string' && !s.enum && s.const === undefined) found.push({ where, schema: s });
    for (const [k, v] of Object.entries(s.properties ?? {})) walk(v, `${where}/${k}`);
    if (s.items) walk(s.items, `${where}/*`);
  };
  for (const { op } of operations) {
    for (const p of op.parameters ?? []) walk(p.schema, `${op.operationId} ${p.in} ${p.name}`);
    const body = op.requestBody?.content?.['application/json']?.schema;
    if (body) walk(body, `${op.operationId} body`);
  }
  return found;
}

describe('the OpenAPI document', () => {
  it('names and describes every route once', () => {
    expect(operations).toHaveLength(routes.length);
    const ids = operations.map(({ op }) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { op } of operations) {
      expect(op.operationId).toMatch(/^[a-z][A-Za-z]+$/);
      expect(op.description, op.operationId).toBeTruthy();
      expect(op.summary, op.operationId).toBeTruthy();
    }
  });

  it('states the text rule and a length bound of every string a request carries', () => {
    const strings = requestStrings();
    expect(strings.length).toBeGreaterThan(50);
    for (const { where, schema } of strings) {
      expect(schema.pattern, where).toBeTruthy();
      // The pattern refuses U+0000 and line breaks wherever it can state them.
      expect(new RegExp(schema.pattern, 'u').test('a\u0000b'), where).toBe(false);
      if (schema.format !== 'date' && !schema['x-opaque-id'])
        expect(schema.maxLength ?? schema.pattern.includes('{'), where).toBeTruthy();
    }
  });

  it("states the contract's limits exactly", () => {
    const body = (id: string) =>
      resolve(
        operations.find(({ op }) => op.operationId === id)!.op.requestBody.content['application/json'].schema,
      );
    expect(body('createGroup').properties.title).toMatchObject({ minLength: 1, maxLength: 100 });
    expect(body('sendMessage').properties.content).toMatchObject({ minLength: 1, maxLength: 4000 });
    expect(body('createGroup').properties.participants).toMatchObject({ minItems: 1, maxItems: 49 });
    expect(body('updateMe').properties.interests).toMatchObject({ maxItems: 20 });
    expect(body('updateMe').properties.biography.anyOf[0]).toMatchObject({ maxLength: 2000 });
    expect(body('register').properties.password).toMatchObject({ minLength: 8, maxLength: 128 });
    expect(body('register').properties.email).toMatchObject({ format: 'email', maxLength: 254 });
    expect(body('setLocation').properties.latitude).toMatchObject({ minimum: -90, maximum: 90 });
  });

  it('documents every status a route can answer, each with the problem schema and the codes of that status', () => {
    for (const { op, path } of operations) {
      const statuses = Object.keys(op.responses).map(Number);
      if (op.security) expect(statuses, op.operationId).toContain(401);
      if (op.requestBody) expect(statuses, op.operationId).toEqual(expect.arrayContaining([400, 413, 415]));
      if (path !== '/health') expect(statuses, op.operationId).toContain(503);
      for (const status of statuses.filter((s) => s >= 400)) {
        const response = op.responses[status];
        const schema = response.content['application/problem+json'].schema;
        expect(schema.allOf[0]).toEqual({ $ref: '#/components/schemas/Problem' });
        const codes: string[] = schema.allOf[1].properties.code.enum;
        expect(codes.length, `${op.operationId} ${status}`).toBeGreaterThan(0);
        for (const code of codes) expect(STATUS_OF[code as keyof typeof STATUS_OF], code).toBe(status);
        if (status === 429 || status === 503) expect(response.headers['Retry-After']).toBeDefined();
      }
    }
  });

  it('names the headers: Set-Cookie on sessions, Retry-After on 429 and 503, Allow on 405', () => {
    const op = (id: string) => operations.find((o) => o.op.operationId === id)!.op;
    expect(op('logIn').responses[200].headers['Set-Cookie']).toBeDefined();
    expect(op('refreshSession').responses[200].headers['Set-Cookie']).toBeDefined();
    expect(op('logOut').responses[204].headers['Set-Cookie']).toBeDefined();
    expect(op('register').responses[429].headers['Retry-After']).toBeDefined();
    expect(doc.components.responses.MethodNotAllowed.headers.Allow).toBeDefined();
  });

  it('gives an example of every request body and of the main documents', () => {
    for (const { op } of operations) {
      const body = op.requestBody?.content?.['application/json']?.schema;
      if (body) expect(resolve(body).examples, op.operationId).toBeDefined();
    }
    for (const name of [
      'Me',
      'Profile',
      'ProfileSummary',
      'Picture',
      'Message',
      'Conversation',
      'Notification',
      'Problem',
    ])
      expect(doc.components.schemas[name].examples, name).toBeDefined();
    const problem = doc.components.schemas.Problem;
    expect(problem.properties.status).toMatchObject({ minimum: 100, maximum: 599 });
    expect(problem.examples[0].status).toBe(400);
  });

  it('never shows a placeholder example', () => {
    expect(JSON.stringify(doc)).not.toMatch(/"example":"string"|9007199254740991/);
  });
});
