import { openDatabase } from '@vpp/db/database';
import { createDatabaseFromTemplate, dropDatabase, recreateDatabase } from '@vpp/db/test-databases';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { buildAppDeps } from '../src/server.ts';
import { startTestApp, type TestApp } from './test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ METRICS_TOKEN: 'metrics-token-of-16-chars' });
});
afterAll(() => t.close());

describe('operations endpoints', () => {
  it('reports health and readiness on a migrated database', async () => {
    expect((await request(t.app).get('/healthz')).body).toEqual({ status: 'ok' });
    expect((await request(t.app).get('/readyz')).body).toEqual({
      status: 'ready',
      database: 'ok',
      migrations: 'ok',
    });
  });

  it('is not ready on a database without the migrations', async () => {
    const serverUrl = process.env.VPP_TEST_DATABASE_SERVER_URL!;
    const emptyUrl = await recreateDatabase(serverUrl, `vpp_empty_${Date.now()}`);
    const empty = openDatabase(emptyUrl);
    try {
      const { app } = createApp(
        buildAppDeps(
          { ...t.config, DATABASE_URL: emptyUrl },
          empty,
          (await import('@vpp/core/logging')).createLogger('silent', 'test'),
        ),
      );
      const response = await request(app).get('/readyz');
      expect(response.status).toBe(503);
      expect(response.body.code).toBe('NOT_READY');
      expect(response.body.detail).toMatch(/_init/);
    } finally {
      await empty.close();
      await dropDatabase(emptyUrl);
    }
  });

  it('serves Prometheus metrics to the bearer only', async () => {
    await request(t.app).get('/healthz');
    expect((await request(t.app).get('/metrics')).status).toBe(401);
    const response = await request(t.app)
      .get('/metrics')
      .set('authorization', 'Bearer metrics-token-of-16-chars');
    expect(response.status).toBe(200);
    expect(response.text).toMatch(
      /vpp_http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/,
    );
    expect(response.text).toMatch(/vpp_job_queue_depth\{state="waiting"\} 0/);
  });

  it('echoes a given request id and makes one otherwise', async () => {
    const given = await request(t.app).get('/api/auth/me').set('x-request-id', 'trace-abc-123');
    expect(given.headers['x-request-id']).toBe('trace-abc-123');
    expect(given.body.requestId).toBe('trace-abc-123');
    const made = await request(t.app).get('/api/auth/me').set('x-request-id', 'bad id with spaces');
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sets security headers', async () => {
    const response = await request(t.app).get('/healthz');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('documents every route in the OpenAPI document, with the shared schemas', async () => {
    const response = await request(t.app).get('/api/openapi.json');
    expect(response.status).toBe(200);
    const document = response.body;
    expect(document.openapi).toBe('3.1.0');
    for (const route of t.routes) {
      const path = route.path.replace(/:([A-Za-z]+)/g, '{$1}');
      expect(document.paths[path]?.[route.method], `${route.method} ${path}`).toBeDefined();
    }
    const create = document.paths['/api/users-admin'].post;
    const schema = create.requestBody.content['application/json'].schema;
    expect(schema.required).toEqual(expect.arrayContaining(['email', 'password', 'role']));
    expect(schema.properties.role.enum).toEqual(['admin', 'manager']);
    expect(create.responses['409'].description).toContain('EMAIL_TAKEN');
  });

  it('documents the request bodies of the CSV imports: a multipart `file` or a text/csv body', async () => {
    const document = (await request(t.app).get('/api/openapi.json')).body;
    for (const path of [
      '/api/devices/import',
      '/api/people/import',
      '/api/collections/{id}/members/import',
    ]) {
      const body = document.paths[path].post.requestBody;
      expect(body?.required, path).toBe(true);
      expect(body.content['multipart/form-data'].schema).toMatchObject({
        required: ['file'],
        properties: { file: { type: 'string', format: 'binary' } },
      });
      expect(body.content['text/csv'].schema.type).toBe('string');
      expect(document.paths[path].post.responses['400'].description).toContain('VALIDATION_FAILED');
    }
  });

  it('serves the interactive API docs', async () => {
    const response = await request(t.app).get('/api/docs/');
    expect(response.status).toBe(200);
    expect(response.text).toContain('swagger-ui');
  });

  it('copies a template database per test file', async () => {
    const url = await createDatabaseFromTemplate(process.env.VPP_TEST_DATABASE_SERVER_URL!);
    const copy = openDatabase(url);
    try {
      expect(await copy.prisma.account.count()).toBe(0);
    } finally {
      await copy.close();
      await dropDatabase(url);
    }
  });
});
