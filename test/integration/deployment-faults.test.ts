import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApnsCertificate } from './apns-test-certificate.ts';
import { appleState, type ProductUnderTest, startProduct, waitFor } from './product-under-test.ts';

// Deployments when Apple misbehaves: throttling and outages, events that fail part-way, and a worker
// that stops in the middle.

let product: ProductUnderTest;
let locationId: string;
let tokenId: string;
let serial = 0;

async function deviceCollection(count: number) {
  const prisma = product.app.database.prisma;
  const collection = await prisma.collection.create({
    data: { name: `Fault devices ${++serial}`, type: 'DEVICE' },
  });
  for (let index = 0; index < count; index += 1) {
    serial += 1;
    const device = await prisma.device.create({
      data: { serialNumber: `FS${String(serial).padStart(8, '0')}` },
    });
    await prisma.collectionDevice.create({ data: { collectionId: collection.id, deviceId: device.id } });
  }
  return collection.id;
}

async function deploy(adamId: string, collectionId: string) {
  const storeApp = await product.app.database.prisma.storeApp.findFirstOrThrow({
    where: { tokenId, adamId },
  });
  const application = await product.admin.post(`/api/store-apps/${storeApp.id}/applications`).send({});
  const created = await product.admin
    .post('/api/deployments')
    .send({ applicationId: application.body.id, collectionId, action: 'INSTALL', purpose: 'REQUIRED' });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

async function counts(deploymentId: string) {
  return (await product.admin.get(`/api/deployments/${deploymentId}?pageSize=500`)).body;
}

beforeAll(async () => {
  product = await startProduct({ emulatorOptions: { deviceCommandDelayMs: 30, eventDelayMs: 400 } });
  const location = product.emulator.control.createLocation({
    orgName: 'Fault Org',
    locationName: 'Fault campus',
    type: 'BUSINESS',
    assets: [
      { adamId: '900000001', deviceAssignable: true, count: 50 },
      { adamId: '900000002', deviceAssignable: true, count: 10 },
      { adamId: '900000003', deviceAssignable: true, count: 50 },
    ],
  });
  locationId = location.locationId;
  await product.admin.put('/api/apns-certificate').send({ certificate: makeApnsCertificate() });
  const worker = await product.startWorker();
  const request = product.admin.post('/api/tokens');
  for (const [key, value] of Object.entries({ name: 'Faults', appleId: 'it@example.test', type: 'BUSINESS' }))
    request.field(key, value);
  tokenId = (await request.attach('token', Buffer.from(location.vppToken), 'f.vpptoken')).body.id;
  await waitFor(
    async () =>
      (await product.app.database.prisma.syncRun.findFirst({ where: { tokenId, status: 'SUCCEEDED' } })) ??
      null,
  );
  await worker.stop();
});
afterAll(() => product.close());

describe('deployments under faults', () => {
  it('ends right under 20% 429 and 10% 503 from Apple', async () => {
    const worker = await product.startWorker();
    product.emulator.control.setFaults({ rate429: 0.2, rate5xx: 0.1, retryAfterSeconds: 1 });
    try {
      const deploymentId = await deploy('900000001', await deviceCollection(12));
      const done = await waitFor(async () => {
        const deployment = await counts(deploymentId);
        return deployment.counts.INSTALLED === 12 ? deployment : null;
      }, 60_000);
      expect(done.counts).toEqual({ INSTALLED: 12 });
    } finally {
      product.emulator.control.resetFaults();
      await worker.stop();
    }
    const held = appleState(product.emulator, locationId).assignments.filter((key) =>
      key.startsWith('900000001/'),
    );
    expect(held).toHaveLength(12);
  }, 90_000);

  it("applies an event that failed part-way: the licensed targets install, the others fail with Apple's reason", async () => {
    // Apple took 7 licenses back since our last sync: we believe 10 are free, Apple has 3.
    product.emulator.control.purchase(locationId, { adamId: '900000002', count: -7 });
    const worker = await product.startWorker();
    try {
      const deploymentId = await deploy('900000002', await deviceCollection(5));
      const done = await waitFor(async () => {
        const deployment = await counts(deploymentId);
        return (deployment.counts.INSTALLED ?? 0) + (deployment.counts.FAILED ?? 0) === 5 ? deployment : null;
      }, 30_000);
      expect(done.counts).toEqual({ INSTALLED: 3, FAILED: 2 });
      const failed = done.targets.filter((target: { state: string }) => target.state === 'FAILED');
      expect(
        failed.every((target: { errorCode: string }) => target.errorCode === 'NO_LICENSE_AVAILABLE'),
      ).toBe(true);
      expect(failed[0].error).toMatch(/no license/i);
      const app = await product.app.database.prisma.storeApp.findFirstOrThrow({
        where: { tokenId, adamId: '900000002' },
      });
      expect(app.reservedCount).toBe(0);
    } finally {
      await worker.stop();
    }
  }, 60_000);

  it('loses nothing when the worker stops between claiming and Apple finishing', async () => {
    let worker = await product.startWorker();
    const deploymentId = await deploy('900000003', await deviceCollection(6));
    // Wait until the claim went to Apple (its event is pending there), then stop the worker.
    await waitFor(
      async () =>
        (await product.app.database.prisma.deploymentTarget.count({
          where: { deploymentId, eventId: { not: null } },
        })) === 6 || null,
    );
    await worker.stop();
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect((await counts(deploymentId)).counts.INSTALLED ?? 0).toBe(0);
    worker = await product.startWorker();
    try {
      const done = await waitFor(async () => {
        const deployment = await counts(deploymentId);
        return deployment.counts.INSTALLED === 6 ? deployment : null;
      }, 30_000);
      expect(done.counts).toEqual({ INSTALLED: 6 });
    } finally {
      await worker.stop();
    }
  }, 60_000);
});
