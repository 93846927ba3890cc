import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './test-app.ts';

let t: TestApp;
let admin: Awaited<ReturnType<TestApp['signedInAgent']>>;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.signedInAgent('admin');
});
afterAll(() => t.close());

async function rowCounts() {
  return {
    accounts: await t.database.prisma.account.count(),
    audit: await t.database.prisma.auditEntry.count({ where: { action: { not: 'session.sign-in' } } }),
  };
}

describe('bad input never gives a 500 nor writes anything', () => {
  const cases: {
    name: string;
    send: () => Promise<{ status: number; body: Record<string, unknown> }>;
    status: number;
    code: string;
  }[] = [
    {
      name: 'malformed JSON',
      send: () => admin.post('/api/users-admin').set('content-type', 'application/json').send('{"email": '),
      status: 400,
      code: 'MALFORMED_JSON',
    },
    {
      name: 'wrong types',
      send: () => admin.post('/api/users-admin').send({ email: 42, password: ['x'], role: true }),
      status: 400,
      code: 'VALIDATION_FAILED',
    },
    {
      name: 'unknown fields',
      send: () =>
        admin
          .post('/api/users-admin')
          .send({ email: 'x@example.test', password: 'long-enough-password', role: 'manager', isRoot: true }),
      status: 400,
      code: 'VALIDATION_FAILED',
    },
    {
      name: 'an unknown role',
      send: () =>
        admin
          .post('/api/users-admin')
          .send({ email: 'x@example.test', password: 'long-enough-password', role: 'root' }),
      status: 400,
      code: 'VALIDATION_FAILED',
    },
    {
      name: 'a short password',
      send: () =>
        admin.post('/api/users-admin').send({ email: 'x@example.test', password: 'short', role: 'manager' }),
      status: 400,
      code: 'VALIDATION_FAILED',
    },
    {
      name: 'an oversized body',
      send: () =>
        admin.post('/api/users-admin').send({
          email: 'x@example.test',
          password: 'long-enough-password',
          role: 'manager',
          displayName: 'x'.repeat(400_000),
        }),
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
    },
    {
      name: 'a JSON array instead of an object',
      send: () => admin.post('/api/users-admin').send([1, 2, 3]),
      status: 400,
      code: 'VALIDATION_FAILED',
    },
    {
      name: 'a bad id in the path',
      send: () => admin.patch('/api/users-admin/not-a-uuid').send({ role: 'admin' }),
      status: 400,
      code: 'VALIDATION_FAILED',
    },
    {
      name: 'a bad page size',
      send: () => admin.get('/api/users-admin?pageSize=100000'),
      status: 400,
      code: 'VALIDATION_FAILED',
    },
    {
      name: 'an unknown API path',
      send: () => admin.get('/api/nothing-here'),
      status: 404,
      code: 'NOT_FOUND',
    },
  ];

  for (const testCase of cases) {
    it(`answers ${testCase.name} with ${testCase.status} ${testCase.code}`, async () => {
      const before = await rowCounts();
      const response = await testCase.send();
      expect(response.status).toBe(testCase.status);
      expect(response.body.code).toBe(testCase.code);
      expect(response.body).toMatchObject({
        status: testCase.status,
        title: expect.any(String),
        detail: expect.any(String),
      });
      expect(await rowCounts()).toEqual(before);
    });
  }

  it('names each failing field', async () => {
    const response = await admin
      .post('/api/users-admin')
      .send({ email: 'not-an-email', password: 'short', role: 'x' });
    const paths = (response.body.errors as { path: string }[]).map((error) => error.path).sort();
    expect(paths).toEqual(['body.email', 'body.password', 'body.role']);
  });
});
