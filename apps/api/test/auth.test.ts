import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_PASSWORD, type TestApp } from './test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ LOGIN_RATE_LIMIT_PER_15_MIN: '3' });
});
afterAll(() => t.close());

describe('sign-in', () => {
  it('sets an httpOnly SameSite=Strict session cookie and returns the user', async () => {
    const account = await t.createAccount({ role: 'MANAGER' });
    const response = await request(t.app)
      .post('/api/auth/login')
      .send({ email: account.email.toUpperCase(), password: TEST_PASSWORD });
    expect(response.status).toBe(200);
    expect(response.body.user).toMatchObject({
      id: account.id,
      email: account.email,
      role: 'manager',
      locale: 'en',
    });
    expect(response.body.user).not.toHaveProperty('passwordHash');
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toMatch(/^vpp_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toMatch(/Secure/);
  });

  it('marks the cookie Secure when the console is served over https', async () => {
    const https = await startTestApp({ PUBLIC_URL: 'https://vpp.example.test' });
    try {
      const account = await https.createAccount();
      const response = await request(https.app)
        .post('/api/auth/login')
        .send({ email: account.email, password: TEST_PASSWORD });
      expect(String(response.headers['set-cookie'])).toMatch(/Secure/);
    } finally {
      await https.close();
    }
  });

  it('answers a wrong password and an unknown email the same way', async () => {
    const account = await t.createAccount();
    const wrong = await request(t.app)
      .post('/api/auth/login')
      .send({ email: account.email, password: 'nope-nope' });
    const unknown = await request(t.app)
      .post('/api/auth/login')
      .send({ email: 'nobody@example.test', password: 'nope-nope' });
    for (const response of [wrong, unknown]) {
      expect(response.status).toBe(401);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.body.code).toBe('INVALID_CREDENTIALS');
      expect(response.headers['set-cookie']).toBeUndefined();
    }
  });

  it('refuses a disabled account', async () => {
    const account = await t.createAccount({ disabled: true });
    const response = await request(t.app)
      .post('/api/auth/login')
      .send({ email: account.email, password: TEST_PASSWORD });
    expect(response.status).toBe(401);
  });

  it('limits failed sign-ins per email and says when to retry', async () => {
    const account = await t.createAccount();
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const response = await request(t.app)
        .post('/api/auth/login')
        .send({ email: account.email, password: 'wrong-one' });
      expect(response.status).toBe(401);
    }
    const blocked = await request(t.app)
      .post('/api/auth/login')
      .send({ email: account.email, password: TEST_PASSWORD });
    expect(blocked.status).toBe(429);
    expect(blocked.body.code).toBe('RATE_LIMITED');
    expect(blocked.body.retryAfterSeconds).toBeGreaterThan(0);
    expect(blocked.body.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
  });

  it('reads the session back, signs out, and the cookie no longer works after sign-out is cleared', async () => {
    const agent = await t.signedInAgent('admin');
    const me = await agent.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.role).toBe('admin');
    const out = await agent.post('/api/auth/logout');
    expect(out.status).toBe(204);
    expect((await agent.get('/api/auth/me')).status).toBe(401);
  });

  it('rejects a forged or tampered cookie', async () => {
    const response = await request(t.app)
      .get('/api/auth/me')
      .set('cookie', 'vpp_session=eyJhbGciOiJub25lIn0.e30.');
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('UNAUTHENTICATED');
  });

  it('ends other sessions when the password changes, and keeps the one that changed it', async () => {
    const account = await t.createAccount();
    const first = request.agent(t.app);
    const second = request.agent(t.app);
    await first.post('/api/auth/login').send({ email: account.email, password: TEST_PASSWORD }).expect(200);
    await second.post('/api/auth/login').send({ email: account.email, password: TEST_PASSWORD }).expect(200);
    const change = await first
      .patch('/api/auth/me')
      .send({ currentPassword: TEST_PASSWORD, newPassword: 'a-brand-new-password' });
    expect(change.status).toBe(200);
    expect((await first.get('/api/auth/me')).status).toBe(200);
    expect((await second.get('/api/auth/me')).status).toBe(401);
    const again = await request(t.app)
      .post('/api/auth/login')
      .send({ email: account.email, password: 'a-brand-new-password' });
    expect(again.status).toBe(200);
  });

  it('refuses a new password without the right current one', async () => {
    const agent = await t.signedInAgent('manager');
    const missing = await agent.patch('/api/auth/me').send({ newPassword: 'a-brand-new-password' });
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].path).toBe('body.currentPassword');
    const wrong = await agent
      .patch('/api/auth/me')
      .send({ currentPassword: 'not-it-at-all', newPassword: 'a-brand-new-password' });
    expect(wrong.status).toBe(401);
  });

  it('lets anyone choose their language', async () => {
    const agent = await t.signedInAgent('manager');
    const response = await agent.patch('/api/auth/me').send({ locale: 'nl-NL', displayName: 'Manon' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ locale: 'nl-NL', displayName: 'Manon' });
    expect((await agent.get('/api/auth/me')).body.locale).toBe('nl-NL');
  });

  it('logs a role change out of its old powers at once', async () => {
    const target = await t.createAccount({ role: 'ADMIN' });
    const targetAgent = request.agent(t.app);
    await targetAgent
      .post('/api/auth/login')
      .send({ email: target.email, password: TEST_PASSWORD })
      .expect(200);
    const admin = await t.signedInAgent('admin');
    await admin.patch(`/api/users-admin/${target.id}`).send({ role: 'manager' }).expect(200);
    expect((await targetAgent.get('/api/users-admin')).status).toBe(401);
  });
});
