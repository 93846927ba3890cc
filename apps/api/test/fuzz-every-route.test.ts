import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorCatalog } from '@vpp/contracts/errors';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerClientErrors } from '../src/http/client-errors.ts';
import { type SeededRows, seedRows } from './seed-rows.ts';
import { tableRowCounts } from './table-row-counts.ts';
import { startTestApp, TEST_PASSWORD, type TestApp } from './test-app.ts';

// Bad input against every route of the OpenAPI document, as anonymous, manager and admin: wrong
// types, missing and unknown fields, NUL bytes, lone surrogates, bad percent-encodings, malformed
// multipart, huge and negative paging and 10 MB bodies. Every answer must be below 500; every error
// must be problem+json with a code of the error catalogue and that code's status; a refused request
// must leave the row count of every table as it was. The routes come from /api/openapi.json, so a
// new route is covered without touching this file. Fixed cases per route, then FUZZ_RUNS generated
// requests per route and identity from a fixed seed (FUZZ_SEED overrides it to explore).

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_206);
const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 4);
const TEN_MB = 10 * 1024 * 1024 + 1024;

type Identity = 'anonymous' | 'manager' | 'admin';
const IDENTITIES: Identity[] = ['anonymous', 'manager', 'admin'];

interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  format?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
}

interface Operation {
  method: string;
  /** OpenAPI path, `{id}` style. */
  path: string;
  parameters: { in: string; name: string; schema: JsonSchema }[];
  bodyTypes: Record<string, JsonSchema>;
  mdm: boolean;
  /** Documents 403: only admins get past authorisation. */
  adminOnly: boolean;
  signedIn: boolean;
}

interface FuzzRequest {
  family: string;
  /** Path with the query, sent as it stands (no re-encoding). */
  target: string;
  headers?: Record<string, string>;
  body?: Buffer;
}

interface Answer {
  status: number;
  contentType: string;
  text: string;
}

let t: TestApp;
let rows: SeededRows;
let server: http.Server;
let origin: string;
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const cookies: Record<Identity, string> = { anonymous: '', manager: '', admin: '' };
let operations: Operation[] = [];
let requestCount = 0;
let baseline: Record<string, number> = {};
const statusTally = new Map<number, number>();

function send(identity: Identity, operation: Operation, request: FuzzRequest): Promise<Answer> {
  const headers: Record<string, string> = {
    origin,
    'sec-fetch-site': 'same-origin',
    ...(cookies[identity] ? { cookie: cookies[identity] } : {}),
    ...(identity === 'admin' && operation.mdm
      ? { authorization: `Bearer ${t.config.MDM_EVENTS_SECRET}` }
      : {}),
    ...request.headers,
  };
  if (request.body) headers['content-length'] = String(request.body.length);
  return new Promise((resolve, reject) => {
    let answered = false;
    const outgoing = http.request(
      `${origin}${request.target}`,
      { method: operation.method.toUpperCase(), headers, agent },
      (response) => {
        answered = true;
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            contentType: String(response.headers['content-type'] ?? ''),
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    // The server may answer (413, 401) and stop reading before a large body is written.
    outgoing.on('error', (error) => {
      if (!answered) reject(error);
    });
    outgoing.end(request.body);
  });
}

/**
 * Whether this identity's requests to this route can reach a handler that writes. Their row counts
 * are checked after every request; the others' (reads, and requests authorisation refuses) once
 * per route and identity, since none of them may write at all.
 */
function mayWrite(identity: Identity, operation: Operation): boolean {
  if (operation.method === 'get') return false;
  if (operation.mdm || operation.adminOnly) return identity === 'admin';
  return !operation.signedIn || identity !== 'anonymous';
}

/** Sends one request and checks the three promises; returns nothing, throws on a broken one. */
async function check(identity: Identity, operation: Operation, request: FuzzRequest): Promise<void> {
  requestCount += 1;
  const answer = await send(identity, operation, request);
  statusTally.set(answer.status, (statusTally.get(answer.status) ?? 0) + 1);
  const where = `${identity} ${operation.method.toUpperCase()} ${request.target.slice(0, 200)} [${request.family}]`;
  expect(answer.status, `${where}: ${answer.text.slice(0, 300)}`).toBeLessThan(500);
  const counts = mayWrite(identity, operation) ? await tableRowCounts(t.database) : baseline;
  if (answer.status >= 400) {
    expect(answer.contentType, where).toMatch(/^application\/problem\+json/);
    const problem = JSON.parse(answer.text) as { code?: string; status?: number };
    expect(Object.keys(errorCatalog), where).toContain(problem.code);
    const entry = errorCatalog[problem.code as keyof typeof errorCatalog];
    expect(problem.status, where).toBe(answer.status);
    expect(entry.status, where).toBe(answer.status);
    expect(counts, `${where} wrote rows although refused`).toEqual(baseline);
  }
  baseline = counts;
}

// ---------------------------------------------------------------- building requests

const SEEDED_BY_COLLECTION: Record<string, keyof SeededRows> = {
  tokens: 'tokenId',
  'store-apps': 'storeAppId',
  applications: 'applicationId',
  deployments: 'deploymentId',
  devices: 'deviceId',
  people: 'personId',
  collections: 'collectionId',
  notifications: 'tokenId',
};

/** A real id where the path names a kind we seeded (so the handler goes deep), else a fresh uuid. */
function pathWith(operation: Operation, replace: Record<string, string> = {}): string {
  return operation.path.replace(/\{(\w+)\}/g, (_match, name: string) => {
    if (name in replace) return replace[name] as string;
    const segments = operation.path.split('/');
    const collection = segments[segments.indexOf(`{${name}}`) - 1] ?? '';
    const seeded = SEEDED_BY_COLLECTION[collection];
    return seeded ? rows[seeded] : randomUUID();
  });
}

function schemaTypes(schema: JsonSchema): string[] {
  if (schema.anyOf) return schema.anyOf.flatMap(schemaTypes);
  if (Array.isArray(schema.type)) return schema.type;
  return schema.type ? [schema.type] : [];
}

/** A JSON value of another type than the schema asks for. */
function wrongType(schema: JsonSchema): unknown {
  const types = schemaTypes(schema);
  if (!types.includes('integer') && !types.includes('number')) return 12_345;
  if (!types.includes('string')) return 'not-a-number';
  return { nested: true };
}

/** Query text: percent-encoded except for the fragments meant to be raw. */
const queryFragment = fc.oneof(
  fc.string({ maxLength: 8 }).map((text) => encodeURIComponent(text)),
  fc.constantFrom('%00', '%E0%A4%A', '%ED%A0%80', '%FF', '%5C', '%25', '_', '%', '%%', '+', '-1', '1e309'),
);
const queryValue = fc.array(queryFragment, { maxLength: 4 }).map((parts) => parts.join(''));
const pagingValue = fc.oneof(
  fc.constantFrom('-1', '0', '1.5', '999999999999999999999', '1e12', 'NaN', 'Infinity', ''),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String),
);

/** Text that may carry NUL, lone surrogates, LIKE and quote characters. */
const nastyText = fc
  .tuple(
    fc.string({ maxLength: 6 }),
    fc.constantFrom('\u0000', '\ud800', '\udfff', '\\', '%', '_', "'", '"', '\u202e', 'x'.repeat(5000)),
    fc.string({ maxLength: 6 }),
  )
  .map((parts) => parts.join(''));

function validishValue(schema: JsonSchema): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const types = schemaTypes(schema);
  if (schema.format === 'uuid') return fc.constantFrom(rows.tokenId, rows.collectionId, randomUUID());
  if (schema.format === 'email') return fc.constantFrom('fuzz@example.test', 'not-an-email');
  if (types.includes('integer') || types.includes('number')) return fc.integer({ min: -5, max: 200 });
  if (types.includes('boolean')) return fc.boolean();
  if (types.includes('array')) return fc.array(validishValue(schema.items ?? {}), { maxLength: 3 });
  return fc.string({ maxLength: 12 });
}

function jsonBodyArbitrary(schema: JsonSchema): fc.Arbitrary<unknown> {
  const properties = Object.entries(schema.properties ?? {});
  const fields = properties.map(([name, property]) =>
    fc
      .option(fc.oneof(validishValue(property), nastyText, fc.jsonValue({ maxDepth: 2 })), { freq: 4 })
      .map((value) => [name, value] as const),
  );
  return fc
    .tuple(
      fc.tuple(...fields),
      fc.option(fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 1 }))),
    )
    .map(([pairs, extra]) => ({
      ...Object.fromEntries(pairs.filter(([, value]) => value !== null)),
      ...(extra ?? {}),
    }));
}

function jsonRequest(target: string, family: string, value: unknown): FuzzRequest {
  return {
    family,
    target,
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(JSON.stringify(value)),
  };
}

/** JSON text whose string `value` carries a raw `\ud800` escape (JSON.stringify would escape it). */
function jsonWithLoneSurrogate(target: string, field: string): FuzzRequest {
  return {
    family: `lone surrogate in ${field}`,
    target,
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(`{${JSON.stringify(field)}:"x\\ud800"}`),
  };
}

function multipart(target: string, family: string, parts: string, boundary = 'FuzzBoundary'): FuzzRequest {
  return {
    family,
    target,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    body: Buffer.from(parts, 'latin1'),
  };
}

function field(name: string, value: string, filename?: string): string {
  const file = filename ? `; filename="${filename}"` : '';
  return `--FuzzBoundary\r\nContent-Disposition: form-data; name="${name}"${file}\r\n\r\n${value}\r\n`;
}

let tenMegabytes: Buffer;

/** The fixed cases for one route: every family that applies to it. */
function fixedRequests(operation: Operation): FuzzRequest[] {
  const target = pathWith(operation);
  const requests: FuzzRequest[] = [{ family: 'as documented, no input', target }];
  const pathParams = operation.parameters.filter((parameter) => parameter.in === 'path');
  for (const { name } of pathParams) {
    for (const bad of ['%E0%A4%A', 'a%00b', '%ED%A0%80', 'not-a-uuid', 'x'.repeat(3000)]) {
      requests.push({
        family: `path ${name}=${bad.slice(0, 12)}`,
        target: pathWith(operation, { [name]: bad }),
      });
    }
  }
  const query = operation.parameters.filter((parameter) => parameter.in === 'query');
  for (const { name, schema } of query) {
    const paging = name === 'page' || name === 'pageSize';
    const values = paging
      ? ['-1', '1.5', '999999999999999999999', 'abc']
      : ['a%00b', '%E0%A4%A', '%5C', encodeURIComponent(String(wrongType(schema)))];
    for (const value of values)
      requests.push({ family: `query ${name}=${value}`, target: `${target}?${name}=${value}` });
    requests.push({ family: `query ${name} twice`, target: `${target}?${name}=a&${name}=b` });
    requests.push({ family: `query ${name} as an object`, target: `${target}?${name}[x]=1` });
  }
  requests.push({ family: 'unknown query parameter', target: `${target}?zzUnknown=%00` });

  const hasBody = ['post', 'put', 'patch'].includes(operation.method);
  const jsonSchema = operation.bodyTypes['application/json'];
  if (hasBody || jsonSchema) {
    requests.push(jsonRequest(target, 'empty object (missing fields)', {}));
    requests.push(jsonRequest(target, 'unknown field', { zzUnknown: 1 }));
    requests.push(jsonRequest(target, 'array body', [1, 2]));
    requests.push(jsonRequest(target, 'null body', null));
    requests.push(jsonRequest(target, 'string body', 'text'));
    requests.push({
      family: 'malformed JSON',
      target,
      headers: { 'content-type': 'application/json' },
      body: Buffer.from('{"a": '),
    });
    requests.push({
      family: 'deeply nested JSON',
      target,
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(`${'['.repeat(2000)}${']'.repeat(2000)}`),
    });
    requests.push({
      family: 'unsupported content type',
      target,
      headers: { 'content-type': 'application/xml' },
      body: Buffer.from('<a/>'),
    });
    requests.push({
      family: 'JSON in UTF-16',
      target,
      headers: { 'content-type': 'application/json; charset=utf-16' },
      body: Buffer.from('{}', 'utf16le'),
    });
    for (const [name, property] of Object.entries(jsonSchema?.properties ?? {})) {
      requests.push(jsonRequest(target, `wrong type for ${name}`, { [name]: wrongType(property) }));
      requests.push(jsonRequest(target, `NUL in ${name}`, { [name]: 'a\u0000b' }));
      requests.push(jsonWithLoneSurrogate(target, name));
    }
    // Malformed multipart, to every route that takes a body (JSON routes must refuse it too).
    requests.push({
      family: 'multipart without a boundary',
      target,
      headers: { 'content-type': 'multipart/form-data' },
      body: Buffer.from('--x\r\n'),
    });
    requests.push(
      multipart(target, 'multipart with a boundary the body lacks', field('name', 'x'), 'Elsewhere'),
    );
    requests.push(
      multipart(
        target,
        'truncated multipart',
        '--FuzzBoundary\r\nContent-Disposition: form-data; name="name"\r\n\r\ncut',
      ),
    );
    requests.push(
      multipart(
        target,
        'multipart with a malformed part header',
        '--FuzzBoundary\r\nnot a header\r\n\r\nx\r\n--FuzzBoundary--\r\n',
      ),
    );
  }
  const multipartSchema = operation.bodyTypes['multipart/form-data'];
  if (multipartSchema) {
    for (const name of Object.keys(multipartSchema.properties ?? {})) {
      requests.push(
        multipart(target, `multipart NUL in ${name}`, `${field(name, 'a\u0000b')}--FuzzBoundary--\r\n`),
      );
      // The UTF-8 bytes of a surrogate code point (CESU-8), which are not valid UTF-8.
      requests.push(
        multipart(
          target,
          `multipart surrogate bytes in ${name}`,
          `${field(name, 'x\xed\xa0\x80')}--FuzzBoundary--\r\n`,
        ),
      );
    }
    requests.push(
      multipart(
        target,
        'multipart unexpected file field',
        `${field('zzUnknown', 'x', 'x.bin')}--FuzzBoundary--\r\n`,
      ),
    );
    requests.push(
      multipart(target, 'multipart, too many parts', `${field('a', '1').repeat(40)}--FuzzBoundary--\r\n`),
    );
  }
  if (operation.bodyTypes['text/csv']) {
    const csv = (family: string, text: Buffer) => ({
      family,
      target,
      headers: { 'content-type': 'text/csv' },
      body: text,
    });
    requests.push(csv('CSV with a NUL', Buffer.from('serialNumber,email,name\na\u0000b,x,y\n')));
    requests.push(
      csv('CSV not in UTF-8', Buffer.from([0x73, 0x6e, 0x0a, 0xff, 0xfe, 0xed, 0xa0, 0x80, 0x0a])),
    );
    requests.push(csv('CSV in UTF-16', Buffer.from('serialNumber\nABCDEFGH12\n', 'utf16le')));
    requests.push(csv('CSV with an unclosed quote', Buffer.from('serialNumber,name\n"ABCDEFGH12,x\n')));
    requests.push(csv('CSV as text/plain', Buffer.from('serialNumber\n')));
  }
  // A 10 MB body, to every route: JSON, and multipart or CSV where the route reads those. (GET
  // routes get it as anonymous only: see the loop.)
  requests.push({
    family: '10 MB JSON body',
    target,
    headers: { 'content-type': 'application/json' },
    body: tenMegabytes,
  });
  if (multipartSchema || operation.bodyTypes['text/csv']) {
    const name = Object.keys(multipartSchema?.properties ?? { file: {} }).includes('file') ? 'file' : 'token';
    requests.push({
      family: '10 MB multipart file',
      target,
      headers: { 'content-type': 'multipart/form-data; boundary=FuzzBoundary' },
      body: Buffer.concat([
        Buffer.from(
          `--FuzzBoundary\r\nContent-Disposition: form-data; name="${name}"; filename="big.csv"\r\n\r\n`,
        ),
        tenMegabytes,
        Buffer.from('\r\n--FuzzBoundary--\r\n'),
      ]),
    });
  }
  if (operation.bodyTypes['text/csv']) {
    requests.push({
      family: '10 MB CSV body',
      target,
      headers: { 'content-type': 'text/csv' },
      body: tenMegabytes,
    });
  }
  return requests;
}

/** Generated requests for one route: random query, path and body built from the document. */
function requestArbitrary(operation: Operation): fc.Arbitrary<FuzzRequest> {
  const query = operation.parameters.filter((parameter) => parameter.in === 'query');
  const pathParams = operation.parameters.filter((parameter) => parameter.in === 'path');
  const queryArbitrary =
    query.length === 0
      ? fc.constant('')
      : fc
          .array(
            fc
              .constantFrom(...query)
              .chain(({ name }) =>
                (name === 'page' || name === 'pageSize' ? pagingValue : queryValue).map(
                  (value) => `${name}=${value}`,
                ),
              ),
            { maxLength: 4 },
          )
          .map((pairs) => (pairs.length > 0 ? `?${pairs.join('&')}` : ''));
  const pathArbitrary =
    pathParams.length === 0
      ? fc.constant(pathWith(operation))
      : fc
          .option(queryValue, { freq: 2 })
          .map((value) =>
            value === null ? pathWith(operation) : pathWith(operation, { id: value, tokenId: value }),
          );
  const jsonSchema = operation.bodyTypes['application/json'];
  const bodyArbitrary: fc.Arbitrary<Pick<FuzzRequest, 'headers' | 'body'>> = jsonSchema
    ? jsonBodyArbitrary(jsonSchema).map((value) => ({
        headers: { 'content-type': 'application/json' },
        body: Buffer.from(JSON.stringify(value)),
      }))
    : operation.bodyTypes['multipart/form-data']
      ? fc
          .array(
            fc.tuple(
              fc.constantFrom(...Object.keys(operation.bodyTypes['multipart/form-data'].properties ?? {})),
              nastyText,
            ),
            {
              maxLength: 4,
            },
          )
          .map((pairs) => ({
            headers: { 'content-type': 'multipart/form-data; boundary=FuzzBoundary' },
            body: Buffer.from(
              `${pairs.map(([name, value]) => field(name, value)).join('')}--FuzzBoundary--\r\n`,
            ),
          }))
      : fc.constant({});
  return fc
    .tuple(pathArbitrary, queryArbitrary, bodyArbitrary)
    .map(([path, queryText, body]) => ({ family: 'generated', target: `${path}${queryText}`, ...body }));
}

// ---------------------------------------------------------------- the run

async function signIn(role: 'admin' | 'manager'): Promise<string> {
  const account = await t.createAccount({ role: role === 'admin' ? 'ADMIN' : 'MANAGER' });
  const path = '/api/auth/login';
  const cookieHeaders = await new Promise<string[]>((resolve, reject) => {
    const body = Buffer.from(JSON.stringify({ email: account.email, password: TEST_PASSWORD }));
    const outgoing = http.request(
      `${origin}${path}`,
      {
        method: 'POST',
        agent,
        headers: { origin, 'content-type': 'application/json', 'content-length': String(body.length) },
      },
      (response) => {
        response.resume();
        response.on('end', () =>
          response.statusCode === 200
            ? resolve(response.headers['set-cookie'] ?? [])
            : reject(new Error(`sign-in failed: ${response.statusCode}`)),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
  return cookieHeaders.map((header) => header.split(';')[0]).join('; ');
}

/** Reads routes from the document; state-ending routes (logout, deletions) go last. */
function readOperations(document: {
  paths: Record<string, Record<string, Record<string, unknown>>>;
}): Operation[] {
  const found: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, raw] of Object.entries(methods)) {
      const operation = raw as {
        parameters?: Operation['parameters'];
        requestBody?: { content: Record<string, { schema: JsonSchema }> };
        security?: Record<string, unknown>[];
        responses?: Record<string, unknown>;
      };
      found.push({
        method,
        path,
        parameters: operation.parameters ?? [],
        bodyTypes: Object.fromEntries(
          Object.entries(operation.requestBody?.content ?? {}).map(([type, media]) => [type, media.schema]),
        ),
        mdm: (operation.security ?? []).some((requirement) => 'mdmBearer' in requirement),
        adminOnly: '403' in (operation.responses ?? {}),
        signedIn: (operation.security ?? []).some((requirement) => 'sessionCookie' in requirement),
      });
    }
  }
  const rank = (operation: Operation) =>
    operation.path === '/api/auth/logout' ? 3 : operation.method === 'delete' ? 2 : 1;
  return found.sort((a, b) => rank(a) - rank(b));
}

beforeAll(async () => {
  t = await startTestApp();
  server = http.createServer(t.app);
  answerClientErrors(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  rows = await seedRows(t.database, 'Fuzz');
  cookies.manager = await signIn('manager');
  cookies.admin = await signIn('admin');
  tenMegabytes = Buffer.alloc(TEN_MB, 'a');
  const document = (await fetch(`${origin}/api/openapi.json`).then((response) =>
    response.json(),
  )) as Parameters<typeof readOperations>[0];
  operations = readOperations(document);
  baseline = await tableRowCounts(t.database);
});

afterAll(async () => {
  agent.destroy();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await t?.close();
});

describe('bad input to every route in the OpenAPI document', () => {
  it('never answers 5xx, answers errors as problem+json with a catalogue code, and writes nothing when refusing', async () => {
    expect(operations.length).toBeGreaterThanOrEqual(60);
    const started = Date.now();
    for (const operation of operations) {
      const fixed = fixedRequests(operation);
      for (const identity of IDENTITIES) {
        for (const request of fixed) {
          const bigGet = operation.method === 'get' && request.family === '10 MB JSON body';
          if (!bigGet || identity === 'anonymous') await check(identity, operation, request);
        }
        await fc.assert(
          fc.asyncProperty(requestArbitrary(operation), (request) => check(identity, operation, request)),
          { seed: SEED, numRuns: FUZZ_RUNS },
        );
        if (!mayWrite(identity, operation)) {
          const counts = await tableRowCounts(t.database);
          expect(
            counts,
            `${identity} ${operation.method.toUpperCase()} ${operation.path} wrote rows`,
          ).toEqual(baseline);
          baseline = counts;
        }
      }
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const tally = [...statusTally.entries()].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`);
    process.stdout.write(
      `  fuzz: ${requestCount} requests to ${operations.length} routes × ${IDENTITIES.length} identities in ${seconds} s ` +
        `(seed ${SEED}, ${FUZZ_RUNS} generated per route and identity); answers ${tally.join(' ')}\n`,
    );
    // Every identity reached the handlers: the seeded rows make some answers succeed.
    expect(statusTally.get(200)).toBeGreaterThan(0);
  }, 240_000);
});
