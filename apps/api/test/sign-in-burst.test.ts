import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { reserveSignInAttempt } from '@vpp/core/auth/sign-in-attempts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_PASSWORD, type TestApp } from './test-app.ts';

// Sign-in under a burst, over real HTTP to one listening server: the attempt is reserved before the
// password is checked, and password checks run in a small fair pool that refuses a backlog at once.

let t: TestApp;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  t = await startTestApp({ LOGIN_RATE_LIMIT_PER_15_MIN: '10' });
  server = t.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await t.close();
});

async function signIn(email: string, password: string, headers: Record<string, string> = {}) {
  const started = performance.now();
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ email, password }),
  });
  const body = (await response.json()) as { code?: string; retryAfterSeconds?: number };
  return {
    status: response.status,
    body,
    ms: performance.now() - started,
    type: response.headers.get('content-type'),
  };
}

describe('sign-in under a burst', () => {
  it('evaluates at most the limit of 60 parallel wrong passwords, and another account still signs in quickly', async () => {
    const target = await t.createAccount({ role: 'MANAGER' });
    const bystander = await t.createAccount({ role: 'MANAGER' });
    // What one sign-in costs on this machine right now, without a burst (scrypt dominates it).
    const alone = await signIn(bystander.email, TEST_PASSWORD);
    expect(alone.status).toBe(200);

    const burstStarted = performance.now();
    const burst = Array.from({ length: 60 }, (_, i) => signIn(target.email, `wrong-password-${i}`));
    // The other sign-in starts while the burst is in flight.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const other = await signIn(bystander.email, TEST_PASSWORD);
    const answers = await Promise.all(burst);
    const burstMs = performance.now() - burstStarted;

    const evaluated = answers.filter((answer) => answer.status === 401);
    const refused = answers.filter((answer) => answer.status === 429);
    expect(evaluated.length + refused.length).toBe(60);
    expect(evaluated.length).toBeGreaterThan(0);
    expect(evaluated.length).toBeLessThanOrEqual(10);
    for (const answer of evaluated) expect(answer.body.code).toBe('INVALID_CREDENTIALS');
    for (const answer of refused) {
      expect(answer.type).toMatch(/application\/problem\+json/);
      expect(answer.body.code).toBe('RATE_LIMITED');
      expect(answer.body.retryAfterSeconds).toBeGreaterThan(0);
    }
    // Every evaluated failure, and nothing else, is charged to the account's budget.
    const bucket = await t.database.prisma.rateLimitBucket.findUnique({
      where: { key: `sign-in:email:${target.email}` },
    });
    expect(bucket?.hits).toBe(evaluated.length);

    // It waits for at most the checks already running (two), not for the burst: a few sign-ins' time.
    expect(other.status).toBe(200);
    expect(other.ms).toBeLessThan(Math.max(3_000, alone.ms * 5));
    process.stdout.write(
      `  burst of 60: ${evaluated.length} evaluated, ${refused.length} refused with 429, all answered in ${Math.round(burstMs)} ms; ` +
        `another account signed in in ${Math.round(other.ms)} ms during it (${Math.round(alone.ms)} ms alone)\n`,
    );
  }, 60_000);

  it('stops at the limit: after 10 failures even the right password is refused until the window ends', async () => {
    const account = await t.createAccount();
    for (let i = 0; i < 10; i += 1) expect((await signIn(account.email, `nope-${i}-wrong`)).status).toBe(401);
    const right = await signIn(account.email, TEST_PASSWORD);
    expect(right.status).toBe(429);
    expect(right.body.code).toBe('RATE_LIMITED');
  }, 60_000);

  it('gives the reservation back on success, so signing in often does not lock anyone out', async () => {
    const account = await t.createAccount();
    for (let i = 0; i < 12; i += 1) expect((await signIn(account.email, TEST_PASSWORD)).status).toBe(200);
    const bucket = await t.database.prisma.rateLimitBucket.findUnique({
      where: { key: `sign-in:email:${account.email}` },
    });
    expect(bucket?.hits ?? 0).toBe(0);
  }, 60_000);
});

describe('the reservation in the database', () => {
  it('grants exactly the limit to 60 parallel attempts, as several API replicas would make them', async () => {
    const now = new Date();
    const limits = [
      { key: 'sign-in:email:parallel@example.test', limit: 10 },
      { key: 'sign-in:ip:192.0.2.50', limit: 100 },
    ];
    const outcomes = await Promise.all(
      Array.from({ length: 60 }, () => reserveSignInAttempt(t.database, limits, now)),
    );
    expect(outcomes.filter((outcome) => outcome.granted)).toHaveLength(10);
    for (const outcome of outcomes.filter((outcome) => !outcome.granted))
      expect(outcome).toMatchObject({ granted: false, retryAfterSeconds: 900 });
    // A refused attempt charges neither key: the address was charged for the 10 granted ones only.
    const buckets = await t.database.prisma.rateLimitBucket.findMany({
      where: { key: { in: limits.map((limit) => limit.key) } },
      orderBy: { key: 'asc' },
    });
    expect(buckets.map((bucket) => [bucket.key, bucket.hits])).toEqual([
      ['sign-in:email:parallel@example.test', 10],
      ['sign-in:ip:192.0.2.50', 10],
    ]);
  }, 60_000);
});

describe('per-address budget behind one proxy (TRUST_PROXY=1)', () => {
  it('counts the address the proxy saw: a forged X-Forwarded-For does not buy a fresh budget', async () => {
    const proxied = await startTestApp({ LOGIN_RATE_LIMIT_PER_15_MIN: '1', TRUST_PROXY: '1' });
    try {
      const request = (await import('supertest')).default;
      // Per address: 10 × the per-email limit. Each attempt uses another email and another forged
      // left-most address; the right-most one is what the proxy (nginx) saw and appended or set.
      const attempt = (i: number) =>
        request(proxied.app)
          .post('/api/auth/login')
          .set('x-forwarded-for', `198.51.100.${i}, 203.0.113.7`)
          .send({ email: `someone${i}@example.test`, password: 'not-the-password' });
      for (let i = 0; i < 10; i += 1) expect((await attempt(i)).status).toBe(401);
      const eleventh = await attempt(99);
      expect(eleventh.status).toBe(429);
      expect(eleventh.body.code).toBe('RATE_LIMITED');
      // As the bundled nginx sends it ($remote_addr only), the same address is still blocked.
      const direct = await request(proxied.app)
        .post('/api/auth/login')
        .set('x-forwarded-for', '203.0.113.7')
        .send({ email: 'fresh@example.test', password: 'not-the-password' });
      expect(direct.status).toBe(429);
      // Another client (another address the proxy saw) is not affected.
      const other = await request(proxied.app)
        .post('/api/auth/login')
        .set('x-forwarded-for', '203.0.113.8')
        .send({ email: 'fresh@example.test', password: 'not-the-password' });
      expect(other.status).toBe(401);
      const failures = await proxied.database.prisma.rateLimitBucket.findMany({
        where: { key: { startsWith: 'sign-in:ip:' } },
      });
      expect(failures.map((bucket) => bucket.key).sort()).toEqual([
        'sign-in:ip:203.0.113.7',
        'sign-in:ip:203.0.113.8',
      ]);
    } finally {
      await proxied.close();
    }
  }, 60_000);
});
