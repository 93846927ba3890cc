import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './test-app.ts';

let t: TestApp;
let admin: Awaited<ReturnType<TestApp['signedInAgent']>>;
let manager: Awaited<ReturnType<TestApp['signedInAgent']>>;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.signedInAgent('admin');
  manager = await t.signedInAgent('manager');
});
afterAll(() => t.close());

let serialCounter = 0;
function serial(): string {
  serialCounter += 1;
  return `DEV${String(serialCounter).padStart(7, '0')}`;
}

async function addPerson(email: string) {
  const response = await admin.post('/api/people').send({ email, displayName: email.split('@')[0] });
  expect(response.status).toBe(201);
  return response.body as { id: string; email: string; displayName: string };
}

async function auditActions(targetId: string): Promise<string[]> {
  const response = await admin.get(`/api/audit-log?search=${targetId}`);
  return response.body.items.map((entry: { action: string }) => entry.action);
}

describe('devices', () => {
  it('creates, reads, lists, updates and deletes a device, each change audited', async () => {
    const owner = await addPerson('ada@example.test');
    const created = await admin.post('/api/devices').send({
      serialNumber: ' c02abc123xyz ',
      name: 'Ada’s iPad',
      model: 'iPad Air',
      primaryUserId: owner.id,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      serialNumber: 'C02ABC123XYZ',
      name: 'Ada’s iPad',
      model: 'iPad Air',
      primaryUserId: owner.id,
      primaryUser: { id: owner.id, email: 'ada@example.test', displayName: 'ada' },
      collections: 0,
      memberOf: [],
    });
    const id = created.body.id as string;

    const read = await manager.get(`/api/devices/${id}`);
    expect(read.status).toBe(200);
    expect(read.body.serialNumber).toBe('C02ABC123XYZ');

    const list = await manager.get('/api/devices?search=abc123');
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ total: 1, page: 1, pageSize: 50 });
    expect(Object.keys(list.body.items[0]).sort()).toEqual(
      [
        'collections',
        'createdAt',
        'id',
        'mdm',
        'model',
        'name',
        'primaryUser',
        'primaryUserId',
        'serialNumber',
        'updatedAt',
      ].sort(),
    );
    expect((await manager.get('/api/devices?search=ada@example')).body.total).toBe(1);

    const updated = await admin.patch(`/api/devices/${id}`).send({ name: 'Spare iPad', primaryUserId: null });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ name: 'Spare iPad', primaryUserId: null, primaryUser: null });
    // Typed in, never reported by an MDM.
    expect(updated.body.mdm).toBeNull();

    expect((await admin.delete(`/api/devices/${id}`)).status).toBe(204);
    expect((await admin.get(`/api/devices/${id}`)).status).toBe(404);
    expect((await admin.delete(`/api/devices/${id}`)).status).toBe(404);

    expect(await auditActions(id)).toEqual(['device.delete', 'device.update', 'device.create']);
    const audit = await admin.get(`/api/audit-log?search=${id}`);
    expect(audit.body.items[1].before).toMatchObject({
      name: 'Ada’s iPad',
      primaryUserEmail: 'ada@example.test',
    });
    expect(audit.body.items[1].after).toMatchObject({ name: 'Spare iPad', primaryUserEmail: null });
  });

  it('refuses bad input with field errors and writes nothing', async () => {
    const before = await t.database.prisma.device.count();
    const cases: [Record<string, unknown>, string][] = [
      [{ serialNumber: 'SHORT' }, 'body.serialNumber'],
      [{ serialNumber: 'ABCDEFGHIJKLMNO' }, 'body.serialNumber'],
      [{ serialNumber: 'ABC-123-456' }, 'body.serialNumber'],
      [{ serialNumber: '' }, 'body.serialNumber'],
      [{}, 'body.serialNumber'],
      [{ serialNumber: serial(), primaryUserId: 'not-a-uuid' }, 'body.primaryUserId'],
      [
        { serialNumber: serial(), primaryUserId: '00000000-0000-7000-8000-000000000000' },
        'body.primaryUserId',
      ],
      [{ serialNumber: serial(), name: 'x'.repeat(201) }, 'body.name'],
      [{ serialNumber: serial(), owner: 'someone' }, 'body'],
      [{ serialNumber: serial(), name: 'nul\u0000byte' }, 'body.name'],
    ];
    for (const [body, path] of cases) {
      const response = await admin.post('/api/devices').send(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.body.errors.map((error: { path: string }) => error.path).join(' ')).toContain(path);
    }
    expect(await t.database.prisma.device.count()).toBe(before);
  });

  it('refuses a second device with the same serial number, whatever its case', async () => {
    const serialNumber = serial();
    const first = await admin.post('/api/devices').send({ serialNumber });
    expect(first.status).toBe(201);
    const again = await admin.post('/api/devices').send({ serialNumber: serialNumber.toLowerCase() });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'CONFLICT', existingId: first.body.id });

    const other = await admin.post('/api/devices').send({ serialNumber: serial() });
    const renamed = await admin.patch(`/api/devices/${other.body.id}`).send({ serialNumber });
    expect(renamed.status).toBe(409);
    expect(renamed.body.code).toBe('CONFLICT');
  });

  it('answers 404 for an unknown device and 400 for an id that is not one', async () => {
    const unknown = '00000000-0000-7000-8000-000000000000';
    expect((await admin.get(`/api/devices/${unknown}`)).status).toBe(404);
    expect((await admin.patch(`/api/devices/${unknown}`).send({ name: 'x' })).status).toBe(404);
    expect((await admin.get('/api/devices/not-an-id')).status).toBe(400);
    expect((await admin.get('/api/devices?search=a%00b')).status).toBe(400);
  });

  it('pages the list in serial-number order', async () => {
    const prefix = `PG${Date.now().toString(36).toUpperCase().slice(-6)}`;
    for (const suffix of ['C', 'A', 'B']) {
      expect((await admin.post('/api/devices').send({ serialNumber: `${prefix}00${suffix}` })).status).toBe(
        201,
      );
    }
    const first = await manager.get(`/api/devices?search=${prefix}&pageSize=2`);
    expect(first.body.total).toBe(3);
    expect(first.body.items.map((device: { serialNumber: string }) => device.serialNumber)).toEqual([
      `${prefix}00A`,
      `${prefix}00B`,
    ]);
    const second = await manager.get(`/api/devices?search=${prefix}&pageSize=2&page=2`);
    expect(second.body.items.map((device: { serialNumber: string }) => device.serialNumber)).toEqual([
      `${prefix}00C`,
    ]);
    expect((await manager.get('/api/devices?pageSize=501')).status).toBe(400);
  });

  it('leaves its collections when deleted, and a deleted primary user leaves the device', async () => {
    const owner = await addPerson('grace@example.test');
    const device = await admin.post('/api/devices').send({ serialNumber: serial(), primaryUserId: owner.id });
    const collection = await admin.post('/api/collections').send({ name: 'Lab iPads', type: 'DEVICE' });
    expect(
      (
        await admin
          .put(`/api/collections/${collection.body.id}/members`)
          .send({ memberIds: [device.body.id] })
      ).status,
    ).toBe(200);
    const member = await manager.get(`/api/devices/${device.body.id}`);
    expect(member.body).toMatchObject({
      collections: 1,
      memberOf: [{ id: collection.body.id, name: 'Lab iPads' }],
    });

    expect((await admin.delete(`/api/people/${owner.id}`)).status).toBe(204);
    expect((await manager.get(`/api/devices/${device.body.id}`)).body).toMatchObject({
      primaryUserId: null,
      primaryUser: null,
    });

    expect((await admin.delete(`/api/devices/${device.body.id}`)).status).toBe(204);
    const after = await manager.get(`/api/collections/${collection.body.id}`);
    expect(after.body).toMatchObject({ memberCount: 0, members: { type: 'DEVICE', total: 0, items: [] } });
    const audit = await admin.get(`/api/audit-log?search=${device.body.id}`);
    expect(audit.body.items[0]).toMatchObject({ action: 'device.delete', before: { collections: 1 } });
  });

  it('lets a manager read but not change devices', async () => {
    const response = await manager.post('/api/devices').send({ serialNumber: serial() });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('FORBIDDEN');
  });
});
