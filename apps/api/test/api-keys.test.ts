import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './test-app.ts';

// API keys: created by an admin (the key shown once, stored as a SHA-256), used as a bearer on any
// route with the key's role, audited as the key, refused once revoked or expired.

let t: TestApp;
let admin: Awaited<ReturnType<TestApp['signedInAgent']>>;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.signedInAgent('admin');
});
afterAll(() => t.close());

async function createKey(body: Record<string, unknown>) {
  const response = await admin.post('/api/api-keys').send(body);
  expect(response.status).toBe(201);
  return response.body as { id: string; key: string; name: string; role: string; expiresAt: string | null };
}

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

describe('API keys', () => {
  it('creates a key shown once, stores only its hash, and lists it without the key', async () => {
    const created = await createKey({ name: 'CI pipeline', role: 'manager' });
    expect(created.key).toMatch(/^vpp_[A-Za-z0-9_-]{43}$/);
    expect(created).toMatchObject({
      name: 'CI pipeline',
      role: 'manager',
      expiresAt: null,
      status: 'active',
    });
    const row = await t.database.prisma.apiKey.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.keyHash).not.toContain(created.key);
    expect(row.keyHash).toMatch(/^[0-9a-f]{64}$/);

    const listed = await admin.get('/api/api-keys');
    expect(listed.status).toBe(200);
    const item = listed.body.items.find((key: { id: string }) => key.id === created.id);
    expect(item).toMatchObject({
      name: 'CI pipeline',
      lastUsedAt: null,
      keyPrefix: `${created.key.slice(0, 10)}…`,
    });
    expect(JSON.stringify(listed.body)).not.toContain(created.key);
  });

  it('acts with its role on every route, records last use, and is audited as the key', async () => {
    const manager = await createKey({ name: 'reader', role: 'manager' });
    const reads = await request(t.app).get('/api/tokens').set(bearer(manager.key));
    expect(reads.status).toBe(200);
    const writes = await request(t.app).patch('/api/settings').set(bearer(manager.key)).send({});
    expect(writes.status).toBe(403);
    expect(writes.body.code).toBe('FORBIDDEN');

    const adminKey = await createKey({ name: 'automation', role: 'admin' });
    // A script sends no Origin: the bearer needs no same-origin check, even for a write.
    const changed = await request(t.app)
      .patch('/api/settings')
      .set(bearer(adminKey.key))
      .set('origin', 'https://elsewhere.example')
      .send({ lowLicenseThresholdPercent: 15 });
    expect(changed.status).toBe(200);
    const entry = await t.database.prisma.auditEntry.findFirstOrThrow({
      where: { actorApiKeyId: adminKey.id },
      orderBy: { at: 'desc' },
    });
    expect(entry).toMatchObject({ actorId: null, actorEmail: 'api-key:automation' });
    const log = await admin.get('/api/audit-log').query({ actorEmail: 'api-key:automation' });
    expect(log.body.items[0].actor).toEqual({ id: adminKey.id, email: 'api-key:automation' });

    const listed = await admin.get('/api/api-keys');
    const used = listed.body.items.find((key: { id: string }) => key.id === adminKey.id);
    expect(used.lastUsedAt).not.toBeNull();
  });

  it('keeps the same-origin check for cookie requests', async () => {
    const response = await admin
      .patch('/api/settings')
      .set('origin', 'https://elsewhere.example')
      .send({ lowLicenseThresholdPercent: 15 });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('CROSS_ORIGIN_REQUEST');
  });

  it('is judged by the bearer alone: a wrong key with a valid cookie is refused', async () => {
    const response = await admin.get('/api/tokens').set(bearer('vpp_not-a-key'));
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('UNAUTHENTICATED');
  });

  it('is refused (401) from the request after it is revoked', async () => {
    const created = await createKey({ name: 'short-lived', role: 'admin' });
    expect((await request(t.app).get('/api/tokens').set(bearer(created.key))).status).toBe(200);
    const revoked = await admin.delete(`/api/api-keys/${created.id}`);
    expect(revoked.status).toBe(204);
    const after = await request(t.app).get('/api/tokens').set(bearer(created.key));
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('UNAUTHENTICATED');
    const listed = await admin.get('/api/api-keys');
    expect(listed.body.items.find((key: { id: string }) => key.id === created.id).status).toBe('revoked');
    expect(
      await t.database.prisma.auditEntry.count({ where: { action: 'api-key.revoke', targetId: created.id } }),
    ).toBe(1);
    expect((await admin.delete('/api/api-keys/00000000-0000-7000-8000-000000000000')).status).toBe(404);
  });

  it('is refused once expired', async () => {
    const created = await createKey({
      name: 'expiring',
      role: 'manager',
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    });
    expect((await request(t.app).get('/api/tokens').set(bearer(created.key))).status).toBe(200);
    await t.database.prisma.apiKey.update({
      where: { id: created.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect((await request(t.app).get('/api/tokens').set(bearer(created.key))).status).toBe(401);
    const listed = await admin.get('/api/api-keys');
    expect(listed.body.items.find((key: { id: string }) => key.id === created.id).status).toBe('expired');
  });

  it('refuses bad input, expiries in the past, category scopes (not available yet) and keys minting keys', async () => {
    const bad = await admin.post('/api/api-keys').send({ name: '', role: 'owner' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    const past = await admin
      .post('/api/api-keys')
      .send({ name: 'old', role: 'admin', expiresAt: '2020-01-01T00:00:00Z' });
    expect(past.status).toBe(400);
    const scoped = await admin.post('/api/api-keys').send({ name: 'hq', role: 'admin', categories: ['HQ'] });
    expect(scoped.status).toBe(422);
    expect(scoped.body.code).toBe('SCOPES_NOT_SUPPORTED');
    const adminKey = await createKey({ name: 'minting', role: 'admin', categories: [] });
    const minted = await request(t.app)
      .post('/api/api-keys')
      .set(bearer(adminKey.key))
      .send({ name: 'x', role: 'admin' });
    expect(minted.status).toBe(403);
    expect(await t.database.prisma.apiKey.count({ where: { name: { in: ['', 'old', 'hq', 'x'] } } })).toBe(0);
  });

  it('is declared in the OpenAPI document as a bearer scheme on signed-in routes', async () => {
    const document = (await request(t.app).get('/api/openapi.json')).body;
    expect(document.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.paths['/api/tokens'].get.security).toContainEqual({ apiKey: [] });
  });
});
