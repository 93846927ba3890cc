import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApnsCertificate } from './apns-test-certificate.ts';
import { type ProductUnderTest, startProduct, waitFor } from './product-under-test.ts';

// With APPLE_NOTIFICATIONS_BASE_URL set, each token asks Apple for notifications; an event's end is
// then applied as soon as Apple says so, with polling still there behind it.

let product: ProductUnderTest;
let tokenId: string;
let locationId: string;

beforeAll(async () => {
  // Events take 3 s at "Apple", longer than the first poll waits: notifications make the difference.
  product = await startProduct({
    appleNotifications: true,
    emulatorOptions: { eventDelayMs: 3000, deviceCommandDelayMs: 20 },
  });
  const location = product.emulator.control.createLocation({
    orgName: 'Notify Org',
    locationName: 'Notify campus',
    type: 'BUSINESS',
    assets: [{ adamId: '990000001', deviceAssignable: true, count: 10 }],
  });
  locationId = location.locationId;
  await product.startWorker();
  const request = product.admin.post('/api/tokens');
  for (const [key, value] of Object.entries({ name: 'Notify', appleId: 'it@example.test', type: 'BUSINESS' }))
    request.field(key, value);
  tokenId = (await request.attach('token', Buffer.from(location.vppToken), 'n.vpptoken')).body.id;
  await waitFor(
    async () =>
      (await product.app.database.prisma.syncRun.findFirst({ where: { tokenId, status: 'SUCCEEDED' } })) ??
      null,
  );
});
afterAll(() => product.close());

describe('Apple notifications', () => {
  it('are configured at Apple by the sync, with a test notification accepted', () => {
    const summary = product.emulator.control.describeLocation(locationId);
    expect(summary.notificationUrl).toBe(
      `${product.app.config.APPLE_NOTIFICATIONS_BASE_URL}/api/apple/notifications/${tokenId}`,
    );
    const test = product.emulator.control
      .notifications({ locationId })
      .find((n) => n.notificationType === 'TEST_NOTIFICATION');
    expect(test?.outcome).toBe('delivered');
  });

  it('refuse a caller without the token secret', async () => {
    const response = await product.admin
      .post(`/api/apple/notifications/${tokenId}`)
      .set('authorization', 'Bearer guess')
      .send({ notificationId: 'x', notificationType: 'TEST_NOTIFICATION', notification: {}, uId: '1' });
    expect(response.status).toBe(401);
  });

  it('bring an event check forward when Apple says the event ended', async () => {
    await product.admin.put('/api/apns-certificate').send({ certificate: makeApnsCertificate() });
    const prisma = product.app.database.prisma;
    const collection = await prisma.collection.create({ data: { name: 'Notified devices', type: 'DEVICE' } });
    for (const serial of ['NT0000001', 'NT0000002']) {
      const device = await prisma.device.create({ data: { serialNumber: serial } });
      await prisma.collectionDevice.create({ data: { collectionId: collection.id, deviceId: device.id } });
    }
    const storeApp = await prisma.storeApp.findFirstOrThrow({ where: { tokenId } });
    const application = await product.admin.post(`/api/store-apps/${storeApp.id}/applications`).send({});
    const created = await product.admin.post('/api/deployments').send({
      applicationId: application.body.id,
      collectionId: collection.id,
      action: 'INSTALL',
      purpose: 'REQUIRED',
    });
    await waitFor(async () => {
      const deployment = await product.admin.get(`/api/deployments/${created.body.id}`);
      return deployment.body.counts.INSTALLED === 2 || null;
    }, 30_000);
    const delivered = product.emulator.control
      .notifications({ locationId })
      .filter((n) => n.notificationType === 'ASSET_MANAGEMENT');
    expect(delivered.length).toBeGreaterThan(0);
    expect(delivered.every((n) => n.outcome === 'delivered')).toBe(true);
    const event = await prisma.appleEvent.findFirstOrThrow({ where: { tokenId, type: 'ASSOCIATE' } });
    // Polls alone check 1, 2 and 3.5 s after the claim; the notification comes at about 3 s.
    expect(event.finishedAt!.getTime() - event.submittedAt.getTime()).toBeLessThan(3_400);
  }, 60_000);
});
