import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerClientErrors } from '../src/http/client-errors.ts';
import { type SeededRows, seedRows } from './seed-rows.ts';
import { tableRowCounts } from './table-row-counts.ts';
import { startTestApp, type TestApp } from './test-app.ts';

// The reproducers of issue 10 that answered 500 (or a bare 431): each now answers 4xx problem+json
// with a stable code, names the offending field where there is one, and writes nothing.

let t: TestApp;
let admin: Awaited<ReturnType<TestApp['signedInAgent']>>;
let rows: SeededRows;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.signedInAgent('admin');
  rows = await seedRows(t.database, 'Hygiene');
});
afterAll(() => t.close());

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

async function expectRefused(send: () => PromiseLike<Answer>, status: number, code: string, field?: string) {
  const before = await tableRowCounts(t.database);
  const response = await send();
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({
    status,
    code,
    title: expect.any(String),
    detail: expect.any(String),
  });
  if (field) {
    const paths = (response.body.errors as { path: string }[] | undefined)?.map((error) => error.path);
    expect(paths).toContain(field);
  }
  expect(await tableRowCounts(t.database)).toEqual(before);
}

/** A path with the seeded rows' ids in place of `:token`, `:device`, … (test names keep the pattern). */
function at(pattern: string): string {
  const ids: Record<string, string> = {
    token: rows.tokenId,
    storeApp: rows.storeAppId,
    deployment: rows.deploymentId,
    device: rows.deviceId,
    person: rows.personId,
    collection: rows.collectionId,
  };
  return pattern.replace(/:(\w+)/g, (_match, name: string) => ids[name] ?? name);
}

const MULTIPART_ROUTES = [
  ['post', '/api/tokens'],
  ['patch', '/api/tokens/:token'],
  ['put', '/api/apns-certificate'],
  ['post', '/api/devices/import'],
  ['post', '/api/people/import'],
  ['post', '/api/collections/:collection/members/import'],
] as const;

describe('bad percent-encoding in a path id', () => {
  it('answers 400 on GET /api/tokens/%E0%A4%A', async () => {
    await expectRefused(() => admin.get('/api/tokens/%E0%A4%A'), 400, 'VALIDATION_FAILED', 'path');
  });

  it('answers 400 on every route with a path parameter, whatever its method', async () => {
    const withParams = t.routes.filter((route) => route.path.includes('/:'));
    expect(withParams.length).toBeGreaterThanOrEqual(28);
    for (const route of withParams) {
      const path = route.path.replace(/:[A-Za-z]+/g, '%E0%A4%A');
      const response = await admin[route.method](path);
      expect(response.status, `${route.method} ${path}`).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
    }
  });
});

describe('malformed multipart bodies', () => {
  for (const [method, path] of MULTIPART_ROUTES) {
    it(`answers 400 on ${method} ${path} without a boundary`, async () => {
      await expectRefused(
        () => admin[method](at(path)).set('content-type', 'multipart/form-data').send('--x\r\n'),
        400,
        'VALIDATION_FAILED',
        'body',
      );
    });

    it(`answers 400 on ${method} ${path} with a boundary the body lacks`, async () => {
      await expectRefused(
        () =>
          admin[method](at(path))
            .set('content-type', 'multipart/form-data; boundary=not-in-the-body')
            .send('--other\r\nContent-Disposition: form-data; name="name"\r\n\r\nx\r\n--other--\r\n'),
        400,
        'VALIDATION_FAILED',
      );
    });

    it(`answers 400 on ${method} ${path} with a truncated body`, async () => {
      await expectRefused(
        () =>
          admin[method](at(path))
            .set('content-type', 'multipart/form-data; boundary=XX')
            .send('--XX\r\nContent-Disposition: form-data; name="description"\r\n\r\ncut off'),
        400,
        'VALIDATION_FAILED',
        'body',
      );
    });
  }
});

describe('a NUL byte in query text', () => {
  const searches = [
    '/api/tokens',
    '/api/store-apps',
    '/api/applications',
    '/api/reports/license-counts',
    '/api/audit-log',
    '/api/devices',
    '/api/people',
    '/api/collections',
  ];
  for (const path of searches) {
    it(`answers 400 naming query.search on ${path}?search=a%00b`, async () => {
      await expectRefused(() => admin.get(`${path}?search=a%00b`), 400, 'VALIDATION_FAILED', 'query.search');
    });
  }

  it('answers 400 on the deployment targets search', async () => {
    await expectRefused(
      () => admin.get(`/api/deployments/${rows.deploymentId}?search=a%00b`),
      400,
      'VALIDATION_FAILED',
      'query.search',
    );
  });
});

describe('a NUL byte or a lone surrogate in body text', () => {
  const writes = [
    ['patch', '/api/auth/me', 'displayName'],
    ['post', '/api/users-admin', 'displayName'],
    ['patch', '/api/tokens/:token', 'name'],
    ['patch', '/api/tokens/:token', 'description'],
    ['post', '/api/store-apps/:storeApp/applications', 'name'],
    ['patch', '/api/devices/:device', 'name'],
    ['patch', '/api/people/:person', 'displayName'],
    ['patch', '/api/collections/:collection', 'description'],
  ] as const;
  for (const [method, path, field] of writes) {
    it(`answers 400 naming body.${field} for a NUL on ${method} ${path}`, async () => {
      await expectRefused(
        () => admin[method](at(path)).send({ [field]: 'a\u0000b' }),
        400,
        'VALIDATION_FAILED',
        `body.${field}`,
      );
    });

    it(`answers 400 naming body.${field} for "x\\ud800" on ${method} ${path}`, async () => {
      await expectRefused(
        () => admin[method](at(path)).set('content-type', 'application/json').send(`{"${field}":"x\\ud800"}`),
        400,
        'VALIDATION_FAILED',
        `body.${field}`,
      );
    });
  }

  it('names a NUL inside a token category', async () => {
    await expectRefused(
      () => admin.patch(`/api/tokens/${rows.tokenId}`).send({ categories: ['ok', 'a\u0000b'] }),
      400,
      'VALIDATION_FAILED',
      'body.categories.1',
    );
  });

  it('names a NUL in a multipart field', async () => {
    await expectRefused(
      () =>
        admin
          .post('/api/tokens')
          .field('name', 'a\u0000b')
          .field('appleId', 'vpp@example.test')
          .field('type', 'BUSINESS')
          .attach('token', Buffer.from('not a token'), 'x.vpptoken'),
      400,
      'VALIDATION_FAILED',
      'body.name',
    );
  });

  it('refuses a CSV file with a NUL in a cell', async () => {
    await expectRefused(
      () =>
        admin
          .post('/api/devices/import')
          .set('content-type', 'text/csv')
          .send('serialNumber,name\nABCDEFGH12,a\u0000b\n'),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('accepts paired surrogates (an emoji)', async () => {
    const response = await admin.patch(`/api/devices/${rows.deviceId}`).send({ name: 'iPad 🍎' });
    expect(response.status).toBe(200);
    expect(response.body.name).toBe('iPad 🍎');
  });
});

describe('search text is matched literally', () => {
  it('answers a trailing backslash on store-apps and the report with 200', async () => {
    for (const path of [
      '/api/store-apps',
      '/api/reports/license-counts',
      '/api/tokens',
      '/api/applications',
    ]) {
      const response = await admin.get(`${path}?search=%5C`);
      expect(response.status, path).toBe(200);
      expect(response.body.items).toEqual([]);
    }
  });

  it('does not treat % and _ as wildcards', async () => {
    const everything = await admin.get('/api/store-apps?search=%25');
    expect(everything.status).toBe(200);
    expect(everything.body.items).toEqual([]);
    const anyOneCharacter = await admin.get('/api/store-apps?search=P_ges');
    expect(anyOneCharacter.body.items).toEqual([]);
    const literal = await admin.get('/api/tokens?search=token_1');
    expect(literal.body.items.map((item: { id: string }) => item.id)).toEqual([rows.tokenId]);
    const underscoreAsWildcard = await admin.get('/api/tokens?search=token__');
    expect(underscoreAsWildcard.body.items).toEqual([]);
  });
});

describe('requests Node refuses before Express', () => {
  let server: http.Server;
  let origin: string;
  beforeAll(async () => {
    server = http.createServer(t.app);
    answerClientErrors(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('answers a URL over 16 KB with 431 problem+json', async () => {
    const response = await fetch(`${origin}/api/tokens?search=${'a'.repeat(17 * 1024)}`);
    expect(response.status).toBe(431);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({ status: 431, code: 'HEADERS_TOO_LARGE' });
  });

  it('answers oversized headers with 431 problem+json', async () => {
    const response = await fetch(`${origin}/api/auth/me`, { headers: { 'x-filler': 'b'.repeat(20 * 1024) } });
    expect(response.status).toBe(431);
    expect(await response.json()).toMatchObject({ code: 'HEADERS_TOO_LARGE' });
  });

  it('answers bytes that are not HTTP with 400 problem+json', async () => {
    const net = await import('node:net');
    const address = server.address() as AddressInfo;
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(address.port, '127.0.0.1', () => socket.write('NOT HTTP AT ALL\r\n\r\n'));
      let text = '';
      socket.on('data', (chunk) => {
        text += chunk.toString();
      });
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('application/problem+json');
    expect(answer).toContain('"code":"VALIDATION_FAILED"');
  });
});
