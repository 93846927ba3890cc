import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApnsCertificate } from './apns-test-certificate.ts';
import { appleState, type ProductUnderTest, startProduct, waitFor } from './product-under-test.ts';

// Deployments end to end: the API reserves and previews, the worker claims licenses at Apple (the
// emulator) and sends commands to the emulated devices, which report back to the API over HTTP.

const DEVICE_APP = '800000001'; // supports device licensing
const USER_APP = '800000002'; // user licensing only

let product: ProductUnderTest;
let locationId: string;
let tokenId: string;

async function storeAppId(adamId: string) {
  const row = await product.app.database.prisma.storeApp.findFirstOrThrow({ where: { tokenId, adamId } });
  return row.id;
}

async function applicationFor(adamId: string) {
  const response = await product.admin
    .post(`/api/store-apps/${await storeAppId(adamId)}/applications`)
    .send({});
  expect(response.status).toBe(201);
  return response.body.id as string;
}

let serial = 0;
/** Devices (with or without a primary user) and people, straight into the database as inventory. */
async function deviceCollection(count: number, options: { withPrimaryUser?: boolean; name?: string } = {}) {
  const prisma = product.app.database.prisma;
  const collection = await prisma.collection.create({
    data: { name: options.name ?? `Devices ${++serial}`, type: 'DEVICE' },
  });
  for (let index = 0; index < count; index += 1) {
    serial += 1;
    const person = options.withPrimaryUser
      ? await prisma.person.create({
          data: { clientUserId: `cu-${serial}`, email: `p${serial}@example.test` },
        })
      : null;
    const device = await prisma.device.create({
      data: { serialNumber: `SN${String(serial).padStart(8, '0')}`, primaryUserId: person?.id ?? null },
    });
    await prisma.collectionDevice.create({ data: { collectionId: collection.id, deviceId: device.id } });
  }
  return collection.id;
}

async function userCollection(count: number) {
  const prisma = product.app.database.prisma;
  const collection = await prisma.collection.create({ data: { name: `People ${++serial}`, type: 'USER' } });
  for (let index = 0; index < count; index += 1) {
    serial += 1;
    const person = await prisma.person.create({
      data: { clientUserId: `cu-${serial}`, email: `p${serial}@example.test` },
    });
    await prisma.device.create({
      data: { serialNumber: `SN${String(serial).padStart(8, '0')}`, primaryUserId: person.id },
    });
    await prisma.collectionPerson.create({ data: { collectionId: collection.id, personId: person.id } });
  }
  return collection.id;
}

async function deploymentStates(id: string) {
  const response = await product.admin.get(`/api/deployments/${id}?pageSize=500`);
  return response.body as {
    counts: Record<string, number>;
    targets: { state: string; errorCode: string | null; assignee: string }[];
  };
}

async function waitForStates(
  id: string,
  done: (counts: Record<string, number>) => boolean,
  timeoutMs = 30_000,
) {
  return waitFor(async () => {
    const deployment = await deploymentStates(id);
    return done(deployment.counts) ? deployment : null;
  }, timeoutMs);
}

function appleHolds(adamId: string) {
  return appleState(product.emulator, locationId).assignments.filter((key) => key.startsWith(`${adamId}/`));
}

beforeAll(async () => {
  product = await startProduct({ emulatorOptions: { deviceCommandDelayMs: 50 } });
  const location = product.emulator.control.createLocation({
    orgName: 'Deploy Org',
    locationName: 'Deploy campus',
    type: 'EDUCATION',
    assets: [
      { adamId: DEVICE_APP, name: 'Device App', deviceAssignable: true, count: 10 },
      { adamId: USER_APP, name: 'User App', deviceAssignable: false, count: 4 },
      { adamId: '800000003', name: 'Race App', deviceAssignable: true, count: 3 },
      { adamId: '800000004', name: 'Scarce App', deviceAssignable: true, count: 2 },
    ],
  });
  locationId = location.locationId;
  await product.startWorker();
  const request = product.admin.post('/api/tokens');
  for (const [key, value] of Object.entries({
    name: 'Deploy',
    appleId: 'it@example.test',
    type: 'EDUCATION',
  }))
    request.field(key, value);
  const uploaded = await request.attach('token', Buffer.from(location.vppToken), 'deploy.vpptoken');
  tokenId = uploaded.body.id;
  await waitFor(
    async () =>
      (await product.app.database.prisma.syncRun.findFirst({ where: { tokenId, status: 'SUCCEEDED' } })) ??
      null,
  );
});
afterAll(() => product.close());

describe('deployment rules', () => {
  it('refuses a deployment until a valid APNs certificate is uploaded', async () => {
    const applicationId = await applicationFor(DEVICE_APP);
    const collectionId = await deviceCollection(1);
    const refused = await product.admin
      .post('/api/deployments')
      .send({ applicationId, collectionId, action: 'INSTALL', purpose: 'REQUIRED' });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('APNS_CERTIFICATE_REQUIRED');
    expect(refused.body.detail).toContain('APNs certificate');
    expect(await product.app.database.prisma.deployment.count()).toBe(0);

    const bad = await product.admin.put('/api/apns-certificate').send({ certificate: 'not a certificate' });
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('CERTIFICATE_UNREADABLE');
    const notPush = await product.admin
      .put('/api/apns-certificate')
      .send({ certificate: makeApnsCertificate(30, 'com.example.web') });
    expect(notPush.body.code).toBe('CERTIFICATE_UNREADABLE');
    const uploaded = await product.admin
      .put('/api/apns-certificate')
      .send({ certificate: makeApnsCertificate(20) });
    expect(uploaded.status).toBe(200);
    expect(uploaded.body).toMatchObject({ topic: 'com.apple.mgmt.External.1b2c3d4e', status: 'EXPIRING' });
    const shown = await product.admin.get('/api/apns-certificate');
    expect(JSON.stringify(shown.body)).not.toContain('BEGIN CERTIFICATE');
  });

  it('refuses purpose Available and any change of action', async () => {
    const applicationId = await applicationFor(DEVICE_APP);
    const collectionId = await deviceCollection(1);
    const available = await product.admin
      .post('/api/deployments')
      .send({ applicationId, collectionId, action: 'INSTALL', purpose: 'AVAILABLE' });
    expect(available.status).toBe(422);
    expect(available.body.code).toBe('PURPOSE_NOT_SUPPORTED');
    expect(available.body.detail).toMatch(/not supported/i);
    const created = await product.admin
      .post('/api/deployments')
      .send({ applicationId, collectionId, action: 'INSTALL', purpose: 'REQUIRED' });
    expect(created.status).toBe(201);
    const patched = await product.admin
      .patch(`/api/deployments/${created.body.id}`)
      .send({ action: 'UNINSTALL' });
    expect(patched.status).toBe(409);
    expect(patched.body.code).toBe('ACTION_IMMUTABLE');
    await waitForStates(created.body.id, (counts) => counts.INSTALLED === 1);
  });
});

describe('installs', () => {
  it('previews, then claims device licenses for a device collection and installs on every device', async () => {
    const applicationId = await applicationFor(DEVICE_APP);
    const collectionId = await deviceCollection(4);
    const held = appleHolds(DEVICE_APP).length;
    const preview = await product.admin
      .post('/api/deployments/preview')
      .send({ applicationId, collectionId, action: 'INSTALL', purpose: 'REQUIRED' });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      licenseType: 'DEVICE',
      targets: 4,
      newClaims: 4,
      alreadyHeld: 0,
      shortfall: 0,
    });
    expect(await product.app.database.prisma.deployment.count({ where: { collectionId } })).toBe(0);

    const created = await product.admin
      .post('/api/deployments')
      .send({ applicationId, collectionId, action: 'INSTALL', purpose: 'REQUIRED' });
    const done = await waitForStates(created.body.id, (counts) => counts.INSTALLED === 4);
    expect(done.targets.every((target) => target.state === 'INSTALLED')).toBe(true);
    expect(appleHolds(DEVICE_APP).length).toBe(held + 4);
    expect(appleHolds(DEVICE_APP).every((key) => key.includes('/serial:'))).toBe(true);
    const app = await product.app.database.prisma.storeApp.findFirstOrThrow({
      where: { tokenId, adamId: DEVICE_APP },
    });
    expect(app).toMatchObject({ assignedCount: held + 4, reservedCount: 0 });
    const serials = done.targets.map((target) => target.assignee);
    expect(serials.every((s) => product.emulator.devices.appsOn(s).includes(DEVICE_APP))).toBe(true);
  });

  it('claims user licenses for a user collection, registering the people at Apple first', async () => {
    const applicationId = await applicationFor(USER_APP);
    const collectionId = await userCollection(2);
    const created = await product.admin
      .post('/api/deployments')
      .send({ applicationId, collectionId, action: 'INSTALL', purpose: 'REQUIRED' });
    expect(created.status).toBe(201);
    const done = await waitForStates(created.body.id, (counts) => counts.INSTALLED === 2);
    expect(done.targets.map((target) => target.state)).toEqual(['INSTALLED', 'INSTALLED']);
    const userKeys = appleHolds(USER_APP).filter((key) => key.includes('/user:'));
    for (const target of done.targets) expect(userKeys).toContain(`${USER_APP}/STDQ/user:${target.assignee}`);
    const registered = await product.app.database.prisma.vppUser.count({ where: { tokenId } });
    expect(registered).toBeGreaterThanOrEqual(2);
    // Without a Managed Apple ID they stay Registered, with the invitation link the console shows.
    const person = await product.app.database.prisma.person.findFirstOrThrow({
      where: { clientUserId: done.targets[0]!.assignee },
    });
    const shown = await product.admin.get(`/api/people/${person.id}`);
    expect(shown.body.vppRegistrations[0]).toMatchObject({ tokenId, status: 'REGISTERED' });
    expect(shown.body.vppRegistrations[0].inviteUrl).toContain(shown.body.vppRegistrations[0].inviteCode);
    expect(shown.body.vppRegistrations[0].inviteUrl).not.toContain('%25inviteCode%25');
  });

  it("claims the primary user's license for an app without device licensing, failing devices without one", async () => {
    const applicationId = await applicationFor(USER_APP);
    const withUsers = await deviceCollection(1, { withPrimaryUser: true });
    const prisma = product.app.database.prisma;
    const orphan = await prisma.device.create({
      data: { serialNumber: `SN${String(++serial).padStart(8, '0')}` },
    });
    await prisma.collectionDevice.create({ data: { collectionId: withUsers, deviceId: orphan.id } });
    const preview = await product.admin
      .post('/api/deployments/preview')
      .send({ applicationId, collectionId: withUsers, action: 'INSTALL', purpose: 'REQUIRED' });
    expect(preview.body).toMatchObject({
      licenseType: 'USER',
      targets: 2,
      newClaims: 1,
      targetsThatWillFailCount: 1,
    });
    expect(preview.body.targetsThatWillFail[0]).toMatchObject({
      code: 'NO_PRIMARY_USER',
      target: orphan.serialNumber,
    });
    const created = await product.admin
      .post('/api/deployments')
      .send({ applicationId, collectionId: withUsers, action: 'INSTALL', purpose: 'REQUIRED' });
    const done = await waitForStates(
      created.body.id,
      (counts) => counts.INSTALLED === 1 && counts.FAILED === 1,
    );
    const failed = done.targets.find((target) => target.state === 'FAILED');
    expect(failed?.errorCode).toBe('NO_PRIMARY_USER');
  });

  it('never claims more than are free, fails the rest with the reason, and retries them after a purchase', async () => {
    const applicationId = await applicationFor('800000004');
    const collectionId = await deviceCollection(4);
    const preview = await product.admin
      .post('/api/deployments/preview')
      .send({ applicationId, collectionId, action: 'INSTALL', purpose: 'REQUIRED' });
    expect(preview.body).toMatchObject({
      newClaims: 4,
      available: 2,
      shortfall: 2,
      targetsThatWillFailCount: 2,
    });
    const created = await product.admin
      .post('/api/deployments')
      .send({ applicationId, collectionId, action: 'INSTALL', purpose: 'REQUIRED' });
    const partly = await waitForStates(
      created.body.id,
      (counts) => counts.INSTALLED === 2 && counts.FAILED === 2,
    );
    expect(
      partly.targets
        .filter((target) => target.state === 'FAILED')
        .every((target) => target.errorCode === 'NO_LICENSE_AVAILABLE'),
    ).toBe(true);
    expect(appleHolds('800000004').length).toBe(2);

    product.emulator.control.purchase(locationId, { adamId: '800000004', count: 5 });
    const sync = await product.admin.post(`/api/tokens/${tokenId}/sync`);
    await waitFor(
      async () =>
        (await product.app.database.prisma.syncRun.findUniqueOrThrow({ where: { id: sync.body.syncRunId } }))
          .status === 'SUCCEEDED' || null,
    );
    await waitForStates(created.body.id, (counts) => counts.INSTALLED === 4);
    expect(appleHolds('800000004').length).toBe(4);
  });

  it('gives the last licenses to exactly as many targets as there are when two deployments race', async () => {
    const applicationId = await applicationFor('800000003');
    const [first, second] = [await deviceCollection(3), await deviceCollection(3)];
    const body = (collectionId: string) => ({
      applicationId,
      collectionId,
      action: 'INSTALL',
      purpose: 'REQUIRED',
    });
    const [a, b] = await Promise.all([
      product.admin.post('/api/deployments').send(body(first)),
      product.admin.post('/api/deployments').send(body(second)),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    const reserved = await product.app.database.prisma.deploymentTarget.count({
      where: { deploymentId: { in: [a.body.id, b.body.id] }, reserved: true },
    });
    expect(reserved).toBe(3);
    const [doneA, doneB] = await Promise.all([
      waitForStates(a.body.id, (counts) => (counts.INSTALLED ?? 0) + (counts.FAILED ?? 0) === 3),
      waitForStates(b.body.id, (counts) => (counts.INSTALLED ?? 0) + (counts.FAILED ?? 0) === 3),
    ]);
    expect((doneA.counts.INSTALLED ?? 0) + (doneB.counts.INSTALLED ?? 0)).toBe(3);
    expect(appleHolds('800000003').length).toBe(3);
  });
});

describe('uninstalls', () => {
  it('releases a license only after the device reports the app removed', async () => {
    const applicationId = await applicationFor(DEVICE_APP);
    const collectionId = await deviceCollection(2);
    const install = await product.admin
      .post('/api/deployments')
      .send({ applicationId, collectionId, action: 'INSTALL', purpose: 'REQUIRED' });
    const installed = await waitForStates(install.body.id, (counts) => counts.INSTALLED === 2);
    const [online, offline] = installed.targets.map((target) => target.assignee) as [string, string];
    const appBefore = await product.app.database.prisma.storeApp.findFirstOrThrow({
      where: { tokenId, adamId: DEVICE_APP },
    });

    product.emulator.devices.configure({ offlineSerials: [offline] });
    const uninstall = await product.admin
      .post('/api/deployments')
      .send({ applicationId, collectionId, action: 'UNINSTALL', purpose: 'REQUIRED' });
    const released = await waitForStates(uninstall.body.id, (counts) => counts.LICENSE_RELEASED === 1);
    expect(released.targets.find((target) => target.assignee === offline)?.state).toBe('PENDING');
    expect(appleHolds(DEVICE_APP)).toContain(`${DEVICE_APP}/STDQ/serial:${offline}`);
    expect(appleHolds(DEVICE_APP)).not.toContain(`${DEVICE_APP}/STDQ/serial:${online}`);
    expect(product.emulator.devices.appsOn(online)).not.toContain(DEVICE_APP);
    const appAfter = await product.app.database.prisma.storeApp.findFirstOrThrow({
      where: { tokenId, adamId: DEVICE_APP },
    });
    expect(appAfter.assignedCount).toBe(appBefore.assignedCount - 1);
    expect(appAfter.availableCount).toBe(appBefore.availableCount + 1);
    product.emulator.devices.configure({ offlineSerials: [] });
  });
});
