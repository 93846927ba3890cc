import { databaseTimeouts } from '@vpp/config/config';
import { openDatabase } from '@vpp/db/database';
import { findFreePort } from '@vpp/db/embedded-postgres';
import pino from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { buildAppDeps } from '../src/server.ts';
import { startTestApp, TEST_PASSWORD, type TestApp } from './test-app.ts';

// The API wired to a database nobody answers for (a port nobody listens on): every endpoint that
// needs it answers 503 DATABASE_UNAVAILABLE with Retry-After, logged as one brief warn line.
// (test/chaos/database-outage.test.ts stops and starts a real server under the running product.)

let t: TestApp;
let sessionCookie: string;
beforeAll(async () => {
  t = await startTestApp();
  const account = await t.createAccount({ role: 'ADMIN' });
  const login = await request(t.app)
    .post('/api/auth/login')
    .send({ email: account.email, password: TEST_PASSWORD });
  expect(login.status).toBe(200);
  sessionCookie = String(login.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '';
});
afterAll(() => t.close());

describe('the database cannot be reached', () => {
  it('answers 503 DATABASE_UNAVAILABLE problem+json with Retry-After, logs it once, briefly', async () => {
    const lines: { level: number; msg: string; err?: unknown }[] = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const dead = openDatabase(`postgresql://nobody:secret@127.0.0.1:${await findFreePort()}/none`, {
      timeouts: databaseTimeouts(t.config),
    });
    try {
      const { app } = createApp(buildAppDeps(t.config, dead, logger));
      const answers = [
        await request(app).get('/api/tokens').set('cookie', sessionCookie),
        await request(app).get('/api/auth/me').set('cookie', sessionCookie),
        await request(app)
          .post('/api/auth/login')
          .send({ email: 'someone@example.test', password: 'x'.repeat(12) }),
        await request(app)
          .post('/api/mdm/events')
          .set('authorization', 'Bearer test-mdm-events-secret')
          .send({ events: [{ commandId: 'c-1', serialNumber: 'S1', status: 'INSTALLED' }] }),
        await request(app).get('/api/tokens').set('authorization', 'Bearer vpp_some-api-key'),
      ];
      for (const answer of answers) {
        expect(answer.status, answer.text).toBe(503);
        expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(answer.headers['retry-after']).toBe('5');
        expect(answer.body).toMatchObject({
          status: 503,
          code: 'DATABASE_UNAVAILABLE',
          type: 'https://vpp-console.dev/problems/database-unavailable',
          retryAfterSeconds: 5,
        });
      }
      const readyz = await request(app).get('/readyz');
      expect(readyz.status).toBe(503);
      expect(readyz.body.code).toBe('NOT_READY');
      expect((await request(app).get('/healthz')).status).toBe(200);
      // A request that needs nobody's identity or data still answers as usual.
      expect((await request(app).get('/api/tokens')).status).toBe(401);

      const warnings = lines.filter((line) => line.level === 40);
      expect(warnings.map((line) => line.msg)).toEqual([
        'database unavailable: answering 503 DATABASE_UNAVAILABLE',
      ]);
      expect(warnings[0]).toMatchObject({ reason: 'ECONNREFUSED', answers: 1 });
      expect(warnings[0]?.err).toBeUndefined();
      expect(lines.filter((line) => line.level >= 50)).toEqual([]);
    } finally {
      await dead.close();
    }
  });
});
