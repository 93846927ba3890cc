import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_PASSWORD, type TestApp } from './test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('account management', () => {
  it('creates, lists, updates and deletes accounts, each change in the audit log', async () => {
    const admin = await t.signedInAgent('admin');
    const created = await admin.post('/api/users-admin').send({
      email: 'New.Manager@Example.test',
      password: 'a-long-enough-password',
      role: 'manager',
      displayName: 'New Manager',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      email: 'new.manager@example.test',
      role: 'manager',
      disabled: false,
    });
    expect(JSON.stringify(created.body)).not.toMatch(/password|scrypt/i);

    const list = await admin.get('/api/users-admin?pageSize=500');
    expect(list.status).toBe(200);
    expect(list.body.items.map((account: { email: string }) => account.email)).toContain(
      'new.manager@example.test',
    );

    const updated = await admin
      .patch(`/api/users-admin/${created.body.id}`)
      .send({ role: 'admin', locale: 'nl-NL', password: 'another-long-password' });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ role: 'admin', locale: 'nl-NL' });

    expect((await admin.delete(`/api/users-admin/${created.body.id}`)).status).toBe(204);
    expect((await admin.delete(`/api/users-admin/${created.body.id}`)).status).toBe(404);

    const audit = await admin.get(`/api/audit-log?search=${created.body.id}`);
    const actions = audit.body.items.map((entry: { action: string }) => entry.action);
    expect(actions).toEqual(['account.delete', 'account.update', 'account.create']);
    const serialized = JSON.stringify(audit.body);
    expect(serialized).not.toContain('another-long-password');
    expect(serialized).not.toContain('a-long-enough-password');
    expect(serialized).not.toMatch(/scrypt\$/);
    const update = audit.body.items[1];
    expect(update.before).toMatchObject({ role: 'manager' });
    expect(update.after).toMatchObject({ role: 'admin' });
    expect(update.actor.email).toMatch(/@example\.test$/);
  });

  it('refuses a second account with the same email, in any case', async () => {
    const admin = await t.signedInAgent('admin');
    const body = { email: 'twice@example.test', password: 'a-long-enough-password', role: 'manager' };
    expect((await admin.post('/api/users-admin').send(body)).status).toBe(201);
    const again = await admin.post('/api/users-admin').send({ ...body, email: 'TWICE@example.test' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('EMAIL_TAKEN');
  });

  it('never removes or demotes the last active admin', async () => {
    const lonely = await startTestApp();
    try {
      const admin = await lonely.createAccount({ role: 'ADMIN' });
      const agent = (await import('supertest')).default.agent(lonely.app);
      await agent.post('/api/auth/login').send({ email: admin.email, password: TEST_PASSWORD }).expect(200);
      for (const attempt of [
        agent.patch(`/api/users-admin/${admin.id}`).send({ role: 'manager' }),
        agent.patch(`/api/users-admin/${admin.id}`).send({ disabled: true }),
        agent.delete(`/api/users-admin/${admin.id}`),
      ]) {
        const response = await attempt;
        expect(response.status).toBe(409);
        expect(response.body.code).toBe('LAST_ADMIN');
      }
      expect(await lonely.database.prisma.account.count({ where: { role: 'ADMIN', disabledAt: null } })).toBe(
        1,
      );
    } finally {
      await lonely.close();
    }
  });

  it('keeps one admin when two admins demote each other at the same moment', async () => {
    const pair = await startTestApp();
    try {
      const request = (await import('supertest')).default;
      const first = await pair.createAccount({ role: 'ADMIN' });
      const second = await pair.createAccount({ role: 'ADMIN' });
      const agentOf = async (email: string) => {
        const agent = request.agent(pair.app);
        await agent.post('/api/auth/login').send({ email, password: TEST_PASSWORD }).expect(200);
        return agent;
      };
      const [a, b] = await Promise.all([agentOf(first.email), agentOf(second.email)]);
      const results = await Promise.all([
        a.patch(`/api/users-admin/${second.id}`).send({ role: 'manager' }),
        b.patch(`/api/users-admin/${first.id}`).send({ role: 'manager' }),
      ]);
      const statuses = results.map((response) => response.status).sort();
      // The second demotion either sees one admin left, or its actor is no longer an admin.
      expect(statuses[0]).toBe(200);
      expect([401, 409]).toContain(statuses[1]);
      expect(await pair.database.prisma.account.count({ where: { role: 'ADMIN' } })).toBe(1);
    } finally {
      await pair.close();
    }
  });
});
