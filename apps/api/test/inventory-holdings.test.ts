import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRows } from './seed-rows.ts';
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

async function created(path: string, body: object): Promise<string> {
  const response = await admin.post(path).send(body);
  expect(response.status).toBe(201);
  return response.body.id as string;
}

async function memberIdsOf(collectionId: string): Promise<string[]> {
  const page = await manager.get(`/api/collections/${collectionId}/members?pageSize=100`);
  return page.body.items.map((item: { id: string }) => item.id).sort();
}

describe('adding and removing collection members', () => {
  it('adds members to those already there, removes some, and audits both', async () => {
    const collectionId = await created('/api/collections', { name: 'Picker iPads', type: 'DEVICE' });
    const [a, b, c] = [
      await created('/api/devices', { serialNumber: 'PICKA0001' }),
      await created('/api/devices', { serialNumber: 'PICKB0001' }),
      await created('/api/devices', { serialNumber: 'PICKC0001' }),
    ] as [string, string, string];

    const first = await admin.post(`/api/collections/${collectionId}/members`).send({ memberIds: [a, b] });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ added: 2, removed: 0, memberCount: 2 });
    // Adding again a member already in it adds only the new one.
    const second = await admin.post(`/api/collections/${collectionId}/members`).send({ memberIds: [b, c] });
    expect(second.body).toEqual({ added: 1, removed: 0, memberCount: 3 });
    expect(await memberIdsOf(collectionId)).toEqual([a, b, c].sort());

    const removed = await admin
      .post(`/api/collections/${collectionId}/members/remove`)
      .send({ memberIds: [a, c, c] });
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual({ added: 0, removed: 2, memberCount: 1 });
    expect(await memberIdsOf(collectionId)).toEqual([b]);
    // The devices themselves stay.
    expect((await manager.get(`/api/devices/${a}`)).status).toBe(200);

    const audit = await admin.get(`/api/audit-log?search=${collectionId}`);
    const actions = audit.body.items.map((entry: { action: string }) => entry.action);
    expect(actions.slice(0, 3)).toEqual([
      'collection.members.remove',
      'collection.members.add',
      'collection.members.add',
    ]);
    expect(audit.body.items[0].summary).toBe('Removed 2 members from Picker iPads, 1 now');
  });

  it('refuses a person in a device collection, an empty list and an unknown collection, changing nothing', async () => {
    const collectionId = await created('/api/collections', { name: 'Strict iPads', type: 'DEVICE' });
    const device = await created('/api/devices', { serialNumber: 'STRICT0001' });
    const person = await created('/api/people', { email: 'strict@example.test' });

    const mixed = await admin
      .post(`/api/collections/${collectionId}/members`)
      .send({ memberIds: [device, person] });
    expect(mixed.status).toBe(400);
    expect(mixed.body.code).toBe('VALIDATION_FAILED');
    expect(mixed.body.errors).toEqual([
      { path: 'body.memberIds.1', message: `${person} is a person, not a device` },
    ]);
    expect(await memberIdsOf(collectionId)).toEqual([]);

    const empty = await admin.post(`/api/collections/${collectionId}/members/remove`).send({ memberIds: [] });
    expect(empty.status).toBe(400);
    expect(empty.body.code).toBe('VALIDATION_FAILED');

    const unknown = await admin
      .post('/api/collections/0190a5f6-0000-7000-8000-000000000000/members')
      .send({ memberIds: [device] });
    expect(unknown.status).toBe(404);
    expect(
      (await manager.post(`/api/collections/${collectionId}/members`).send({ memberIds: [device] })).status,
    ).toBe(403);
  });
});

describe('what a device or a person holds', () => {
  it("lists the device's licenses at Apple and its deployment targets, with their states", async () => {
    const seeded = await seedRows(t.database, 'Holdings');
    const { prisma } = t.database;
    const device = await prisma.device.findUniqueOrThrow({ where: { id: seeded.deviceId } });
    const storeApp = await prisma.storeApp.findUniqueOrThrow({ where: { id: seeded.storeAppId } });
    await prisma.licenseAssignment.create({
      data: {
        tokenId: seeded.tokenId,
        adamId: storeApp.adamId,
        pricingParam: 'STDQ',
        licenseType: 'DEVICE',
        assignee: device.serialNumber,
      },
    });
    // Another device's license is not this device's.
    await prisma.licenseAssignment.create({
      data: {
        tokenId: seeded.tokenId,
        adamId: storeApp.adamId,
        pricingParam: 'STDQ',
        licenseType: 'DEVICE',
        assignee: 'OTHERDEVICE01',
      },
    });
    await prisma.deploymentTarget.create({
      data: {
        deploymentId: seeded.deploymentId,
        deviceId: device.id,
        licenseType: 'DEVICE',
        assignee: device.serialNumber,
        state: 'FAILED',
        errorCode: 'PLATFORM_NOT_SUPPORTED',
        error: 'This device cannot run the app.',
      },
    });

    const response = await manager.get(`/api/devices/${device.id}/holdings`);
    expect(response.status).toBe(200);
    expect(response.body.licenses).toEqual([
      expect.objectContaining({
        storeAppId: storeApp.id,
        name: 'Holdings Pages',
        tokenId: seeded.tokenId,
        tokenName: 'Holdings token_1',
        adamId: storeApp.adamId,
        pricingParam: 'STDQ',
        licenseType: 'DEVICE',
      }),
    ]);
    expect(response.body.targets).toEqual([
      expect.objectContaining({
        deploymentId: seeded.deploymentId,
        applicationId: seeded.applicationId,
        applicationName: 'Holdings Pages',
        collectionId: seeded.collectionId,
        action: 'INSTALL',
        deploymentStatus: 'ACTIVE',
        state: 'FAILED',
        errorCode: 'PLATFORM_NOT_SUPPORTED',
        removedByDeploymentId: null,
      }),
    ]);
  });

  it("lists a person's user licenses, and answers 404 for someone unknown", async () => {
    const seeded = await seedRows(t.database, 'PersonHoldings');
    const { prisma } = t.database;
    const person = await prisma.person.findUniqueOrThrow({ where: { id: seeded.personId } });
    const storeApp = await prisma.storeApp.findUniqueOrThrow({ where: { id: seeded.storeAppId } });
    await prisma.licenseAssignment.create({
      data: {
        tokenId: seeded.tokenId,
        adamId: storeApp.adamId,
        pricingParam: 'STDQ',
        licenseType: 'USER',
        assignee: person.clientUserId,
      },
    });
    const response = await manager.get(`/api/people/${person.id}/holdings`);
    expect(response.status).toBe(200);
    expect(response.body.licenses.map((license: { licenseType: string; name: string }) => license)).toEqual([
      expect.objectContaining({ licenseType: 'USER', name: 'PersonHoldings Pages' }),
    ]);
    expect(response.body.targets).toEqual([]);

    const unknown = await manager.get('/api/people/0190a5f6-0000-7000-8000-000000000000/holdings');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('NOT_FOUND');
    expect((await manager.get('/api/devices/0190a5f6-0000-7000-8000-000000000000/holdings')).status).toBe(
      404,
    );
  });
});
