import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProductUnderTest, startProduct } from './product-under-test.ts';

let product: ProductUnderTest;
let validToken: string;
beforeAll(async () => {
  product = await startProduct();
  validToken = product.emulator.control.createLocation({
    orgName: 'Input Org',
    locationName: 'Input',
    type: 'BUSINESS',
  }).vppToken;
});
afterAll(() => product.close());

const base64Json = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');

async function storedRows() {
  const prisma = product.app.database.prisma;
  return {
    tokens: await prisma.vppToken.count(),
    runs: await prisma.syncRun.count(),
    categories: await prisma.category.count(),
  };
}

function upload(file: Buffer | null, fields: Record<string, string> = {}) {
  const request = product.admin.post('/api/tokens');
  const all = { name: 'Input', appleId: 'it@example.test', type: 'BUSINESS', categories: 'a,b', ...fields };
  for (const [key, value] of Object.entries(all)) request.field(key, value);
  return file ? request.attach('token', file, 'input.vpptoken') : request;
}

describe('token upload refuses bad input with a 4xx and stores nothing', () => {
  const cases: {
    name: string;
    file: () => Buffer | null;
    fields?: Record<string, string>;
    status: number;
    code: string;
    path?: string;
  }[] = [
    {
      name: 'random bytes',
      file: () => randomBytes(2048),
      status: 400,
      code: 'TOKEN_UNREADABLE',
      path: 'body.token',
    },
    { name: 'a huge file', file: () => Buffer.alloc(200_000, 65), status: 413, code: 'PAYLOAD_TOO_LARGE' },
    {
      name: 'a file just over 16 KiB',
      file: () => Buffer.alloc(17_000, 65),
      status: 400,
      code: 'TOKEN_UNREADABLE',
    },
    {
      name: 'base64 of text that is not JSON',
      file: () => Buffer.from(Buffer.from('hello world').toString('base64')),
      status: 400,
      code: 'TOKEN_UNREADABLE',
    },
    {
      name: 'JSON missing fields',
      file: () => Buffer.from(base64Json({ orgName: 'X' })),
      status: 400,
      code: 'TOKEN_UNREADABLE',
    },
    {
      name: 'a bad date',
      file: () => Buffer.from(base64Json({ token: 'abc', expDate: 'next tuesday', orgName: 'X' })),
      status: 400,
      code: 'TOKEN_UNREADABLE',
    },
    {
      name: 'wrong field types',
      file: () => Buffer.from(base64Json({ token: 42, expDate: true, orgName: ['X'] })),
      status: 400,
      code: 'TOKEN_UNREADABLE',
    },
    {
      name: 'an expired file',
      file: () =>
        Buffer.from(base64Json({ token: 'abc', expDate: '2020-01-01T00:00:00+0000', orgName: 'X' })),
      status: 422,
      code: 'TOKEN_EXPIRED',
    },
    {
      name: 'a well-formed token Apple does not know',
      file: () =>
        Buffer.from(base64Json({ token: 'unknown', expDate: '2031-01-01T00:00:00+0000', orgName: 'X' })),
      status: 400,
      code: 'TOKEN_UNREADABLE',
    },
    { name: 'no file', file: () => null, status: 400, code: 'VALIDATION_FAILED', path: 'body.token' },
    {
      name: 'an empty name',
      file: () => Buffer.from(validToken),
      fields: { name: '  ' },
      status: 400,
      code: 'VALIDATION_FAILED',
      path: 'body.name',
    },
    {
      name: 'a bad Apple ID',
      file: () => Buffer.from(validToken),
      fields: { appleId: 'not-an-email' },
      status: 400,
      code: 'VALIDATION_FAILED',
      path: 'body.appleId',
    },
    {
      name: 'an unknown type',
      file: () => Buffer.from(validToken),
      fields: { type: 'PERSONAL' },
      status: 400,
      code: 'VALIDATION_FAILED',
      path: 'body.type',
    },
    {
      name: 'an unknown field',
      file: () => Buffer.from(validToken),
      fields: { owner: 'me' },
      status: 400,
      code: 'VALIDATION_FAILED',
    },
    {
      name: 'too many categories',
      file: () => Buffer.from(validToken),
      fields: { categories: Array.from({ length: 30 }, (_, i) => `c${i}`).join(',') },
      status: 400,
      code: 'VALIDATION_FAILED',
      path: 'body.categories',
    },
  ];

  for (const testCase of cases) {
    it(`refuses ${testCase.name}`, async () => {
      const before = await storedRows();
      const response = await upload(testCase.file(), testCase.fields);
      expect(response.status).toBe(testCase.status);
      expect(response.body.code).toBe(testCase.code);
      if (testCase.path) {
        expect(response.body.errors.map((error: { path: string }) => error.path)).toContain(testCase.path);
      }
      expect(JSON.stringify(response.body)).not.toContain(validToken);
      expect(await storedRows()).toEqual(before);
    });
  }

  it("says a token Apple refuses is Apple's refusal, with Apple's number", async () => {
    const response = await upload(
      Buffer.from(base64Json({ token: 'unknown', expDate: '2031-01-01T00:00:00+0000', orgName: 'X' })),
    );
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      code: 'TOKEN_UNREADABLE',
      appleRefused: true,
      appleErrorNumber: 9601,
    });
  });

  it('refuses JSON instead of multipart', async () => {
    const response = await product.admin
      .post('/api/tokens')
      .send({ name: 'x', appleId: 'it@example.test', type: 'BUSINESS', token: validToken });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });

  it('refuses the 3,001st token', async () => {
    const { buildAppDeps } = await import('../../apps/api/src/server.ts');
    const { addToken } = await import('@vpp/core/tokens/manage-tokens');
    const { createLogger } = await import('@vpp/core/logging');
    const deps = buildAppDeps(product.app.config, product.app.database, createLogger('silent', 'test'), {
      maxTokens: 1,
    });
    const first = product.emulator.control.createLocation({
      orgName: 'Limit Org',
      locationName: 'One',
      type: 'BUSINESS',
    });
    const second = product.emulator.control.createLocation({
      orgName: 'Limit Org',
      locationName: 'Two',
      type: 'BUSINESS',
    });
    const ctx = { requestId: 'test', ip: null, actor: null };
    const fields = {
      name: 'L',
      description: '',
      categories: [],
      appleId: 'it@example.test',
      type: 'BUSINESS' as const,
      takeOver: false,
    };
    await product.app.database.prisma.vppToken.deleteMany();
    await addToken(deps.tokens, ctx, fields, Buffer.from(first.vppToken));
    await expect(addToken(deps.tokens, ctx, fields, Buffer.from(second.vppToken))).rejects.toMatchObject({
      code: 'TOKEN_LIMIT_REACHED',
      status: 409,
    });
    expect(await product.app.database.prisma.vppToken.count()).toBe(1);
  });
});
