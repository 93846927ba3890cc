import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_PASSWORD, type TestApp } from './test-app.ts';

// Sessions live on the server: the cookie names a row in `sessions`, and a request is signed in only
// while that row exists. These tests replay the very same cookie after each way a session can end.

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

/** Signs the account in and returns the raw session cookie, to replay it later. */
async function cookieOf(email: string, userAgent = 'test-browser/1'): Promise<string> {
  const response = await request(t.app)
    .post('/api/auth/login')
    .set('user-agent', userAgent)
    .send({ email, password: TEST_PASSWORD });
  expect(response.status).toBe(200);
  const cookie = String(response.headers['set-cookie']).split(';')[0];
  expect(cookie).toMatch(/^vpp_session=/);
  return cookie as string;
}

const me = (cookie: string) => request(t.app).get('/api/auth/me').set('cookie', cookie);

describe('server-side sessions', { timeout: 30_000 }, () => {
  it('ends the session on logout: the same cookie answers 401 afterwards', async () => {
    const account = await t.createAccount({ role: 'MANAGER' });
    const cookie = await cookieOf(account.email);
    const other = await cookieOf(account.email);
    expect((await me(cookie)).status).toBe(200);

    const out = await request(t.app).post('/api/auth/logout').set('cookie', cookie);
    expect(out.status).toBe(204);

    const replay = await me(cookie);
    expect(replay.status).toBe(401);
    expect(replay.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(replay.body.code).toBe('UNAUTHENTICATED');
    // Only that browser signed out: the account's other session carries on.
    expect((await me(other)).status).toBe(200);
    const audit = await t.database.prisma.auditEntry.findFirst({
      where: { action: 'session.sign-out', targetId: account.id },
    });
    expect(audit).not.toBeNull();
  });

  it("lets an admin see an account's sessions and end one or all of them at once", async () => {
    const admin = await t.createAccount({ role: 'ADMIN' });
    const adminCookie = await cookieOf(admin.email);
    const account = await t.createAccount({ role: 'MANAGER' });
    const laptop = await cookieOf(account.email, 'Laptop browser');
    const phone = await cookieOf(account.email, 'Phone browser');
    const tablet = await cookieOf(account.email, 'Tablet browser');

    const listed = await request(t.app)
      .get(`/api/users-admin/${account.id}/sessions`)
      .set('cookie', adminCookie);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toHaveLength(3);
    expect(listed.body.items.map((item: { userAgent: string }) => item.userAgent).sort()).toEqual([
      'Laptop browser',
      'Phone browser',
      'Tablet browser',
    ]);
    for (const item of listed.body.items) {
      expect(item).toMatchObject({ current: false, ip: expect.any(String) });
      expect(Date.parse(item.expiresAt)).toBeGreaterThan(Date.parse(item.createdAt));
      expect(Object.keys(item).sort()).toEqual([
        'createdAt',
        'current',
        'expiresAt',
        'id',
        'ip',
        'userAgent',
      ]);
    }
    const phoneSession = listed.body.items.find(
      (item: { userAgent: string }) => item.userAgent === 'Phone browser',
    );

    const endOne = await request(t.app)
      .delete(`/api/users-admin/${account.id}/sessions/${phoneSession.id}`)
      .set('cookie', adminCookie);
    expect(endOne.status).toBe(204);
    expect((await me(phone)).status).toBe(401);
    expect((await me(laptop)).status).toBe(200);

    const again = await request(t.app)
      .delete(`/api/users-admin/${account.id}/sessions/${phoneSession.id}`)
      .set('cookie', adminCookie);
    expect(again.status).toBe(404);
    expect(again.body.code).toBe('NOT_FOUND');

    const endAll = await request(t.app)
      .delete(`/api/users-admin/${account.id}/sessions`)
      .set('cookie', adminCookie);
    expect(endAll.status).toBe(204);
    expect((await me(laptop)).status).toBe(401);
    expect((await me(tablet)).status).toBe(401);
    expect((await me(adminCookie)).status).toBe(200);

    const audit = await t.database.prisma.auditEntry.findMany({
      where: { action: 'session.end', targetId: account.id },
      orderBy: { at: 'asc' },
    });
    expect(audit.map((entry) => entry.summary)).toEqual([
      `Ended a session of ${account.email}`,
      `Ended 2 sessions of ${account.email}`,
    ]);
  });

  it("marks the admin's own session as current, and answers 404 for an unknown account", async () => {
    const admin = await t.createAccount({ role: 'ADMIN' });
    const cookie = await cookieOf(admin.email);
    const own = await request(t.app).get(`/api/users-admin/${admin.id}/sessions`).set('cookie', cookie);
    expect(own.body.items).toEqual([expect.objectContaining({ current: true })]);
    const unknown = await request(t.app)
      .get('/api/users-admin/00000000-0000-7000-8000-000000000000/sessions')
      .set('cookie', cookie);
    expect(unknown.status).toBe(404);
  });

  it('ends every session on an admin password reset, a role change and disabling', async () => {
    const admin = await t.createAccount({ role: 'ADMIN' });
    const adminCookie = await cookieOf(admin.email);
    const account = await t.createAccount({ role: 'MANAGER' });
    const change = (body: object) =>
      request(t.app).patch(`/api/users-admin/${account.id}`).set('cookie', adminCookie).send(body);

    for (const body of [{ password: 'a-brand-new-password' }, { role: 'admin' }, { disabled: true }]) {
      const cookie = await cookieOf(account.email);
      expect((await me(cookie)).status).toBe(200);
      expect((await change(body)).status).toBe(200);
      expect((await me(cookie)).status).toBe(401);
      expect(await t.database.prisma.session.count({ where: { accountId: account.id } })).toBe(0);
      // Back to the test password, so the next round can sign in.
      if ('password' in body) expect((await change({ password: TEST_PASSWORD })).status).toBe(200);
    }
  });

  it('does not accept a session of an expired row', async () => {
    const account = await t.createAccount({ role: 'MANAGER' });
    const cookie = await cookieOf(account.email);
    await t.database.prisma.session.updateMany({
      where: { accountId: account.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect((await me(cookie)).status).toBe(401);
  });
});
