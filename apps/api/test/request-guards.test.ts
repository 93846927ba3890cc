import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_PASSWORD, type TestApp } from './test-app.ts';

// What guards every request before a handler sees it: authorisation before any body is read, a
// size limit per route, only the console's own origin (or a bearer) may change things, and /metrics
// behind its token.

let t: TestApp;
let admin: Awaited<ReturnType<TestApp['signedInAgent']>>;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.signedInAgent('admin');
});
afterAll(() => t.close());

async function listening(app: TestApp['app']): Promise<{ server: Server; port: number }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

describe('authorisation before the body is read', { timeout: 30_000 }, () => {
  it('answers an anonymous 10 MB multipart upload 401 after its first 64 KB, without reading the rest', async () => {
    const { server, port } = await listening(t.app);
    const total = 10 * 1024 * 1024;
    let sent = 0;
    try {
      const answer = await new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
        const upload = httpRequest({
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/devices/import',
          headers: { 'content-type': 'multipart/form-data; boundary=xyz', 'content-length': String(total) },
        });
        upload.on('response', (response) => {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (chunk) => {
            body += chunk;
          });
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              type: String(response.headers['content-type']),
              body,
            }),
          );
        });
        upload.on('error', reject);
        const chunk = Buffer.alloc(64 * 1024, 'a');
        upload.write(`--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n`);
        upload.write(chunk);
        sent = chunk.length;
        // The rest is never sent: the answer must not wait for it.
      });
      expect(sent).toBeLessThan(total);
      expect(answer.status).toBe(401);
      expect(answer.type).toMatch(/application\/problem\+json/);
      expect(JSON.parse(answer.body).code).toBe('UNAUTHENTICATED');
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('answers anonymous and manager uploads of any kind or size 401/403, not 413/415/400', async () => {
    const manager = await t.signedInAgent('manager');
    const big = Buffer.alloc(11 * 1024 * 1024, 'x');
    for (const [agent, status] of [
      [request.agent(t.app), 401],
      [manager, 403],
    ] as const) {
      for (const path of ['/api/devices/import', '/api/people/import', '/api/tokens']) {
        const tooLarge = await agent.post(path).set('content-type', 'text/csv').send(big);
        expect(tooLarge.status).toBe(status);
        const wrongType = await agent.post(path).set('content-type', 'text/plain').send('serialNumber\nA1');
        expect(wrongType.status).toBe(status);
        const badJson = await agent.post(path).set('content-type', 'application/json').send('{"nope');
        expect(badJson.status).toBe(status);
      }
    }
  });

  it('limits the body per route: 256 kB of JSON in general, 4 MB for replacing members', async () => {
    const large = { displayName: 'x'.repeat(300 * 1024) };
    const response = await admin.post('/api/devices').send({ serialNumber: 'BIG1', ...large });
    expect(response.status).toBe(413);
    expect(response.body.code).toBe('PAYLOAD_TOO_LARGE');
    // 300 kB is fine where the route allows 4 MB: it gets as far as validation (unknown collection).
    const ids = Array.from({ length: 8_000 }, () => '00000000-0000-7000-8000-000000000000');
    const members = await admin
      .put('/api/collections/00000000-0000-7000-8000-000000000000/members')
      .send({ memberIds: ids });
    expect(members.status).not.toBe(413);
    expect(members.status).toBeLessThan(500);
  });

  it('takes CSV imports only as text/csv or multipart, never text/plain (415)', async () => {
    const plain = await admin
      .post('/api/devices/import')
      .set('content-type', 'text/plain')
      .send('serialNumber\nPLAINROW01');
    expect(plain.status).toBe(415);
    expect(plain.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(plain.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(await t.database.prisma.device.count({ where: { serialNumber: 'PLAINROW01' } })).toBe(0);

    const csv = await admin
      .post('/api/devices/import')
      .set('content-type', 'text/csv')
      .send('serialNumber\nCSVROW0001');
    expect(csv.status).toBe(200);
    expect(csv.body).toMatchObject({ created: 1, refused: [] });
    const multipart = await admin
      .post('/api/devices/import')
      .attach('file', Buffer.from('serialNumber\nFORMROW001\n'), 'devices.csv');
    expect(multipart.status).toBe(200);
    expect(
      await t.database.prisma.device.count({ where: { serialNumber: { in: ['CSVROW0001', 'FORMROW001'] } } }),
    ).toBe(2);
  });
});

describe('cross-site request forgery', { timeout: 30_000 }, () => {
  it('refuses a form POST with the session cookie from another origin: 403 problem+json, nothing queued', async () => {
    const response = await admin
      .post('/api/tokens/00000000-0000-7000-8000-000000000000/sync')
      .set('origin', 'http://evil.example')
      .type('form')
      .send('x=1');
    expect(response.status).toBe(403);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body.code).toBe('CROSS_ORIGIN_REQUEST');
  });

  it('refuses another port, a sibling subdomain, cross-site fetch metadata and a foreign Referer', async () => {
    const host = '127.0.0.1:8080';
    const attempts = [
      { origin: 'http://127.0.0.1:9999' },
      { origin: 'http://evil.127.0.0.1:8080' },
      { origin: 'null' },
      { 'sec-fetch-site': 'same-site' },
      { 'sec-fetch-site': 'cross-site' },
      { referer: 'http://evil.example/page' },
    ];
    for (const headers of attempts) {
      const response = await admin
        .post('/api/devices/import')
        .set('host', host)
        .set(headers)
        .set('content-type', 'text/csv')
        .send('serialNumber\nCSRFROW001');
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect(response.body.code).toBe('CROSS_ORIGIN_REQUEST');
    }
    expect(await t.database.prisma.device.count({ where: { serialNumber: 'CSRFROW001' } })).toBe(0);
  });

  it("lets the console's own requests through: same Origin, same-origin fetch metadata, own Referer", async () => {
    const host = '127.0.0.1:8080';
    const own = [
      { origin: `http://${host}` },
      { origin: `https://${host}` },
      { 'sec-fetch-site': 'same-origin' },
      { referer: `http://${host}/inventory/devices` },
      {},
    ];
    for (const headers of own) {
      const response = await admin
        .patch('/api/auth/me')
        .set('host', host)
        .set(headers)
        .send({ locale: 'en' });
      expect(response.status, JSON.stringify(headers)).toBe(200);
    }
  });

  it('accepts PUBLIC_URL as the own origin, and a bearer caller whatever the origin', async () => {
    const behindProxy = await startTestApp({ PUBLIC_URL: 'https://console.example.test' });
    try {
      // The cookie is Secure (https PUBLIC_URL), which supertest would not send over http: by hand.
      const account = await behindProxy.createAccount();
      const login = await request(behindProxy.app)
        .post('/api/auth/login')
        .send({ email: account.email, password: TEST_PASSWORD });
      const cookie = String(login.headers['set-cookie']).split(';')[0] as string;
      const agent = { patch: (path: string) => request(behindProxy.app).patch(path).set('cookie', cookie) };
      const fromConsole = await agent
        .patch('/api/auth/me')
        .set('host', 'api.internal:8080')
        .set('origin', 'https://console.example.test')
        .send({ locale: 'en' });
      expect(fromConsole.status).toBe(200);
      const fromElsewhere = await agent
        .patch('/api/auth/me')
        .set('host', 'api.internal:8080')
        .set('origin', 'https://other.example.test')
        .send({ locale: 'en' });
      expect(fromElsewhere.status).toBe(403);
    } finally {
      await behindProxy.close();
    }
    const mdm = await request(t.app)
      .post('/api/mdm/events')
      .set('origin', 'http://evil.example')
      .set('authorization', 'Bearer test-mdm-events-secret')
      .send({ events: [] });
    expect(mdm.status).not.toBe(403);
    expect(mdm.status).toBeLessThan(500);
  });

  it('leaves reads alone', async () => {
    const response = await admin.get('/api/auth/me').set('origin', 'http://evil.example');
    expect(response.status).toBe(200);
  });
});

describe('/metrics', { timeout: 30_000 }, () => {
  it('wants the bearer token when METRICS_TOKEN is set', async () => {
    const guarded = await startTestApp({ METRICS_TOKEN: 'metrics-token-0123456789' });
    try {
      const none = await request(guarded.app).get('/metrics');
      expect(none.status).toBe(401);
      expect(none.body.code).toBe('UNAUTHENTICATED');
      const wrong = await request(guarded.app)
        .get('/metrics')
        .set('authorization', 'Bearer metrics-token-0123456788');
      expect(wrong.status).toBe(401);
      const short = await request(guarded.app).get('/metrics').set('authorization', 'Bearer m');
      expect(short.status).toBe(401);
      const right = await request(guarded.app)
        .get('/metrics')
        .set('authorization', 'Bearer metrics-token-0123456789');
      expect(right.status).toBe(200);
      expect(right.text).toContain('vpp_http_requests_total');
    } finally {
      await guarded.close();
    }
  });

  it('without a token, answers loopback callers only, whatever X-Forwarded-For says', async () => {
    const proxied = await startTestApp({ TRUST_PROXY: '1' });
    try {
      // supertest connects over loopback: the local scrape works, and a forwarded (remote) client,
      // which is what a request through a proxy looks like, is judged by the socket, not the header.
      const local = await request(proxied.app).get('/metrics');
      expect(local.status).toBe(200);
      const viaProxy = await request(proxied.app).get('/metrics').set('x-forwarded-for', '203.0.113.9');
      expect(viaProxy.status).toBe(200);
    } finally {
      await proxied.close();
    }
  });
});
