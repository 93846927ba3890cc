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

async function addCollection(name: string, type: 'USER' | 'DEVICE') {
  const response = await admin.post('/api/collections').send({ name, type });
  expect(response.status).toBe(201);
  return response.body as { id: string; name: string };
}

async function addDevice(serialNumber: string) {
  const response = await admin.post('/api/devices').send({ serialNumber });
  expect(response.status).toBe(201);
  return response.body as { id: string; serialNumber: string };
}

async function addPerson(email: string) {
  const response = await admin.post('/api/people').send({ email });
  expect(response.status).toBe(201);
  return response.body as { id: string; email: string };
}

function memberIds(page: { items: { id: string }[] }): string[] {
  return page.items.map((item) => item.id).sort();
}

describe('collections', () => {
  it('creates, lists, reads, updates and deletes collections, each change audited', async () => {
    const created = await admin
      .post('/api/collections')
      .send({ name: ' Year 7 iPads ', description: 'Shared carts', type: 'DEVICE' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Year 7 iPads',
      description: 'Shared carts',
      type: 'DEVICE',
      memberCount: 0,
      members: { type: 'DEVICE', items: [], total: 0, page: 1, pageSize: 50 },
    });
    const id = created.body.id as string;
    await addCollection('Staff', 'USER');

    const devices = await manager.get('/api/collections?type=DEVICE');
    expect(devices.body.items.map((item: { name: string }) => item.name)).toContain('Year 7 iPads');
    expect(devices.body.items.map((item: { name: string }) => item.name)).not.toContain('Staff');
    expect(Object.keys(devices.body.items[0]).sort()).toEqual(
      ['createdAt', 'description', 'id', 'memberCount', 'name', 'type', 'updatedAt'].sort(),
    );
    expect((await manager.get('/api/collections?search=carts')).body.total).toBe(1);

    const renamed = await admin
      .patch(`/api/collections/${id}`)
      .send({ name: 'Year 7 iPad carts', type: 'DEVICE' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('Year 7 iPad carts');

    const retyped = await admin.patch(`/api/collections/${id}`).send({ type: 'USER' });
    expect(retyped.status).toBe(409);
    expect(retyped.body.code).toBe('CONFLICT');
    expect(retyped.body.detail).toMatch(/type cannot change/);

    const duplicate = await admin.post('/api/collections').send({ name: 'Staff', type: 'DEVICE' });
    expect(duplicate.status).toBe(409);

    expect((await admin.delete(`/api/collections/${id}`)).status).toBe(204);
    expect((await manager.get(`/api/collections/${id}`)).status).toBe(404);

    const audit = await admin.get(`/api/audit-log?search=${id}`);
    expect(audit.body.items.map((entry: { action: string }) => entry.action)).toEqual([
      'collection.delete',
      'collection.update',
      'collection.create',
    ]);
  });

  it('refuses bad collection input', async () => {
    for (const body of [
      { name: '', type: 'USER' },
      { name: 'No type' },
      { name: 'Bad', type: 'GROUP' },
      { name: 'x', type: 'USER', extra: 1 },
    ]) {
      const response = await admin.post('/api/collections').send(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
    }
    expect((await manager.get('/api/collections?type=GROUP')).status).toBe(400);
  });

  it('replaces members, and refuses ids that are unknown or of the other kind, listing them', async () => {
    const lab = await addCollection('Science lab', 'DEVICE');
    const a = await addDevice('MEMBER0001');
    const b = await addDevice('MEMBER0002');
    const c = await addDevice('MEMBER0003');
    const person = await addPerson('not-a-device@example.test');

    const first = await admin
      .put(`/api/collections/${lab.id}/members`)
      .send({ memberIds: [a.id, b.id, a.id] });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ memberCount: 2, added: 2, removed: 0 });

    const second = await admin.put(`/api/collections/${lab.id}/members`).send({ memberIds: [b.id, c.id] });
    expect(second.body).toEqual({ memberCount: 2, added: 1, removed: 1 });
    const members = await manager.get(`/api/collections/${lab.id}/members`);
    expect(members.body.type).toBe('DEVICE');
    expect(memberIds(members.body)).toEqual([b.id, c.id].sort());
    expect(members.body.items[0]).toHaveProperty('serialNumber');
    expect((await manager.get(`/api/collections/${lab.id}/members?search=0003`)).body.total).toBe(1);

    const unknown = '00000000-0000-7000-8000-000000000000';
    const wrong = await admin
      .put(`/api/collections/${lab.id}/members`)
      .send({ memberIds: [a.id, person.id, unknown] });
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe('VALIDATION_FAILED');
    expect([...wrong.body.badIds].sort()).toEqual([person.id, unknown].sort());
    const messages = Object.fromEntries(
      wrong.body.errors.map((error: { path: string; message: string }) => [error.path, error.message]),
    );
    expect(messages['body.memberIds.1']).toBe(`${person.id} is a person, not a device`);
    expect(messages['body.memberIds.2']).toBe(`${unknown} is no device`);
    // Nothing changed.
    expect(memberIds((await manager.get(`/api/collections/${lab.id}/members`)).body)).toEqual(
      [b.id, c.id].sort(),
    );

    const staff = await addCollection('Lab staff', 'USER');
    const devicesForPeople = await admin
      .put(`/api/collections/${staff.id}/members`)
      .send({ memberIds: [a.id] });
    expect(devicesForPeople.status).toBe(400);
    expect(devicesForPeople.body.errors[0].message).toBe(`${a.id} is a device, not a person`);
    const people = await admin.put(`/api/collections/${staff.id}/members`).send({ memberIds: [person.id] });
    expect(people.body).toEqual({ memberCount: 1, added: 1, removed: 0 });
    const staffMembers = await manager.get(`/api/collections/${staff.id}`);
    expect(staffMembers.body).toMatchObject({ memberCount: 1, members: { type: 'USER', total: 1 } });
    expect(staffMembers.body.members.items[0]).toMatchObject({
      email: person.email,
      vppStatus: 'NOT_REGISTERED',
    });

    const emptied = await admin.put(`/api/collections/${lab.id}/members`).send({ memberIds: [] });
    expect(emptied.body).toEqual({ memberCount: 0, added: 0, removed: 2 });

    expect((await admin.put(`/api/collections/${unknown}/members`).send({ memberIds: [] })).status).toBe(404);
    expect((await admin.put(`/api/collections/${lab.id}/members`).send({ memberIds: ['nope'] })).status).toBe(
      400,
    );

    const audit = await admin.get(`/api/audit-log?search=${lab.id}&action=collection.members.replace`);
    expect(audit.body.items).toHaveLength(3);
    expect(audit.body.items[0].after).toEqual({ memberCount: 0, added: 0, removed: 2 });
  });

  it('replaces 50,000 members in one request, set-based', async () => {
    const lines = ['serialNumber'];
    for (let i = 0; i < 50_000; i += 1) lines.push(`MANY${String(i).padStart(6, '0')}`);
    await admin
      .post('/api/devices/import')
      .set('content-type', 'text/csv')
      .send(lines.join('\n'))
      .expect(200);
    const ids = (
      await t.database.prisma.device.findMany({
        where: { serialNumber: { startsWith: 'MANY' } },
        select: { id: true },
      })
    ).map((row) => row.id);
    expect(ids).toHaveLength(50_000);
    const everyone = await addCollection('Every device', 'DEVICE');

    let started = performance.now();
    const replaced = await admin.put(`/api/collections/${everyone.id}/members`).send({ memberIds: ids });
    const replaceMs = performance.now() - started;
    expect(replaced.status).toBe(200);
    expect(replaced.body).toEqual({ memberCount: 50_000, added: 50_000, removed: 0 });
    expect(replaceMs).toBeLessThan(15_000);

    started = performance.now();
    const half = await admin
      .put(`/api/collections/${everyone.id}/members`)
      .send({ memberIds: ids.slice(25_000) });
    const halfMs = performance.now() - started;
    expect(half.body).toEqual({ memberCount: 25_000, added: 0, removed: 25_000 });

    const tooMany = await admin
      .put(`/api/collections/${everyone.id}/members`)
      .send({ memberIds: [...ids, ids[0]] });
    expect(tooMany.status).toBe(400);
    const list = await manager.get('/api/collections?search=Every device');
    expect(list.body.items[0].memberCount).toBe(25_000);
    started = performance.now();
    const detail = await manager.get(`/api/collections/${everyone.id}`);
    const detailMs = performance.now() - started;
    expect(detail.body).toMatchObject({ memberCount: 25_000, members: { total: 25_000, pageSize: 50 } });
    expect(detail.body.members.items).toHaveLength(50);
    const lastPage = await manager.get(`/api/collections/${everyone.id}/members?page=50&pageSize=500`);
    expect(lastPage.body.items).toHaveLength(500);
    process.stdout.write(
      `  50,000-member replacement: ${Math.round(replaceMs)} ms; down to 25,000: ${Math.round(halfMs)} ms; collection page: ${Math.round(detailMs)} ms\n`,
    );
  }, 60_000);

  it('imports members from CSV, refusing unknown members, duplicates and bad values', async () => {
    const carts = await addCollection('Cart A', 'DEVICE');
    const known = await addDevice('CARTA00001');
    await addDevice('CARTA00002');
    const outsider = await addDevice('CARTA00003');
    await admin
      .put(`/api/collections/${carts.id}/members`)
      .send({ memberIds: [outsider.id] })
      .expect(200);
    const csv =
      '\uFEFFserialNumber,note\r\n' +
      'carta00001,first\r\n' +
      '"CARTA00002","quoted, with comma"\r\n' +
      'CARTA00001,again\r\n' +
      'NOSUCH0001,unknown\r\n' +
      'BAD!,bad\r\n' +
      'CARTA00003,already a member\r\n';
    const response = await admin
      .post(`/api/collections/${carts.id}/members/import`)
      .attach('file', Buffer.from(csv), { filename: 'cart-a.csv', contentType: 'text/csv' });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      added: 2,
      alreadyMembers: 1,
      removed: 0,
      memberCount: 3,
      ignoredColumns: ['note'],
      refused: [
        { line: 4, value: 'CARTA00001', reason: 'duplicate of line 2' },
        { line: 5, value: 'NOSUCH0001', reason: 'no device has serial number NOSUCH0001' },
        { line: 6, value: 'BAD!', reason: 'serialNumber must be 8 to 14 letters and digits' },
      ],
    });
    const members = await manager.get(`/api/collections/${carts.id}/members`);
    expect(members.body.items.map((device: { serialNumber: string }) => device.serialNumber)).toEqual([
      'CARTA00001',
      'CARTA00002',
      'CARTA00003',
    ]);

    const replaced = await admin
      .post(`/api/collections/${carts.id}/members/import?mode=replace`)
      .set('content-type', 'text/csv')
      .send('serialNumber\nCARTA00001\n');
    expect(replaced.body).toMatchObject({ added: 0, alreadyMembers: 1, removed: 2, memberCount: 1 });
    expect(memberIds((await manager.get(`/api/collections/${carts.id}/members`)).body)).toEqual([known.id]);

    const wrongColumn = await admin
      .post(`/api/collections/${carts.id}/members/import`)
      .set('content-type', 'text/csv')
      .send('email\nsomeone@example.test\n');
    expect(wrongColumn.status).toBe(400);
    expect(wrongColumn.body.missingColumns).toEqual(['serialNumber']);

    const teachers = await addCollection('Teachers', 'USER');
    await addPerson('teacher@example.test');
    const people = await admin
      .post(`/api/collections/${teachers.id}/members/import`)
      .set('content-type', 'text/csv')
      .send('email\nTeacher@Example.test\nnobody@example.test\nnot-an-email\n');
    expect(people.body).toMatchObject({
      added: 1,
      memberCount: 1,
      refused: [
        { line: 3, value: 'nobody@example.test', reason: 'no person has the email nobody@example.test' },
        { line: 4, value: 'not-an-email', reason: 'email is not a valid email address' },
      ],
    });

    const audit = await admin.get(`/api/audit-log?search=${carts.id}&action=collection.members.import`);
    expect(audit.body.items).toHaveLength(2);
    expect(audit.body.items[1].after).toMatchObject({ mode: 'add', added: 2, refused: 3, memberCount: 3 });
  });

  it('keeps devices and people when a collection is deleted', async () => {
    const group = await addCollection('Temporary', 'USER');
    const person = await addPerson('stays@example.test');
    await admin
      .put(`/api/collections/${group.id}/members`)
      .send({ memberIds: [person.id] })
      .expect(200);
    expect((await admin.delete(`/api/collections/${group.id}`)).status).toBe(204);
    const read = await manager.get(`/api/people/${person.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ collections: 0, memberOf: [] });
    const audit = await admin.get(`/api/audit-log?search=${group.id}&action=collection.delete`);
    expect(audit.body.items[0].before).toMatchObject({ name: 'Temporary', type: 'USER', memberCount: 1 });
  });

  it('refuses to delete a collection an active deployment targets', async () => {
    const group = await addCollection('Deployed to', 'DEVICE');
    const { prisma } = t.database;
    const token = await prisma.vppToken.create({
      data: {
        name: 'Deployment token',
        appleId: 'vpp@example.test',
        type: 'BUSINESS',
        orgName: 'Example Org',
        locationUid: `location-${group.id}`,
        sTokenEncrypted: Buffer.alloc(32, 1),
        sTokenSha256: group.id,
        expiresAt: new Date(Date.now() + 86_400_000),
      },
    });
    const storeApp = await prisma.storeApp.create({
      data: {
        tokenId: token.id,
        adamId: '361309726',
        pricingParam: 'STDQ',
        productType: 'APP',
        deviceAssignable: true,
        totalCount: 10,
        assignedCount: 0,
        availableCount: 10,
        retiredCount: 0,
      },
    });
    const application = await prisma.application.create({ data: { name: 'Pages', storeAppId: storeApp.id } });
    const deployment = await prisma.deployment.create({
      data: { applicationId: application.id, collectionId: group.id, action: 'INSTALL', purpose: 'REQUIRED' },
    });

    const refused = await admin.delete(`/api/collections/${group.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'CONFLICT', activeDeployments: 1 });
    expect((await manager.get(`/api/collections/${group.id}`)).status).toBe(200);

    await prisma.deployment.update({ where: { id: deployment.id }, data: { status: 'STOPPED' } });
    expect((await admin.delete(`/api/collections/${group.id}`)).status).toBe(204);
  });

  it('answers bad member requests with problems, never a 500, and changes nothing', async () => {
    const group = await addCollection('Bad requests', 'DEVICE');
    const device = await addDevice('BADREQ0001');
    await admin
      .put(`/api/collections/${group.id}/members`)
      .send({ memberIds: [device.id] })
      .expect(200);
    const path = `/api/collections/${group.id}/members`;
    const malformed = await admin.put(path).set('content-type', 'application/json').send('{"memberIds": [');
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('MALFORMED_JSON');
    const notAList = await admin.put(path).send({ memberIds: device.id });
    expect(notAList.status).toBe(400);
    const extra = await admin.put(path).send({ memberIds: [], mode: 'add' });
    expect(extra.status).toBe(400);
    const huge = await admin
      .put(path)
      .set('content-type', 'application/json')
      .send(JSON.stringify({ memberIds: Array.from({ length: 120_000 }, () => device.id) }));
    expect(huge.status).toBe(413);
    expect(huge.body.code).toBe('PAYLOAD_TOO_LARGE');
    const members = await manager.get(path);
    expect(memberIds(members.body)).toEqual([device.id]);
  });

  it('lets a manager read collections but not change them', async () => {
    const group = await addCollection('Read only', 'DEVICE');
    expect((await manager.get(`/api/collections/${group.id}/members`)).status).toBe(200);
    expect((await manager.put(`/api/collections/${group.id}/members`).send({ memberIds: [] })).status).toBe(
      403,
    );
    expect((await manager.delete(`/api/collections/${group.id}`)).status).toBe(403);
  });
});
