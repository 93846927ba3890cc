import type { RunningWorker } from '@vpp/worker/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApnsCertificate } from './apns-test-certificate.ts';
import { appleState, type ProductUnderTest, startProduct, waitFor } from './product-under-test.ts';

// Licenses come back when devices leave, per Settings → Licenses: immediately after the CheckOut,
// after N days unenrolled (an hourly job), or only as suggestions an admin releases with one click.
// Every release is in the audit log and in the "licenses returned" list the dashboard counts.
// End to end: emulated NanoMDM devices, HMAC-signed webhooks, the worker, Apple's emulator.

const API_KEY = 'license-returns-api-key';
const HMAC_KEY = 'license-returns-hmac-key';
const APP = '820000001';
const BUNDLE_ID = 'com.example.atlas';

let product: ProductUnderTest;
let worker: RunningWorker;
let locationId: string;
let applicationId: string;
let devices: { serialNumber: string; udid: string; id: string }[] = [];

function appleHolds(serialNumber: string) {
  return appleState(product.emulator, locationId).assignments.some(
    (key) => key.startsWith(`${APP}/`) && key.endsWith(`serial:${serialNumber}`),
  );
}

async function setMode(mode: string, days = 3) {
  const response = await product.admin.put('/api/settings/check-out-licenses').send({ mode, days });
  expect(response.status).toBe(200);
  expect(response.body).toEqual({ mode, days });
}

async function checkOut(device: (typeof devices)[number]) {
  product.emulator.nanoMdm.unenroll(device.udid);
  await product.emulator.nanoMdm.idle();
  const row = await product.app.database.prisma.device.findUniqueOrThrow({ where: { id: device.id } });
  expect(row.mdmStatus).toBe('UNENROLLED');
}

/** Lets queued jobs run: the release job is queued by the webhook in the same moment. */
async function settle() {
  await new Promise((resolve) => setTimeout(resolve, 1500));
}

beforeAll(async () => {
  product = await startProduct({ nanoMdm: { apiKey: API_KEY, webhookHmacKey: HMAC_KEY } });
  const location = product.emulator.control.createLocation({
    orgName: 'Returns Org',
    locationName: 'Returns campus',
    type: 'EDUCATION',
    assets: [{ adamId: APP, name: 'Atlas', deviceAssignable: true, count: 20, bundleId: BUNDLE_ID }],
  });
  locationId = location.locationId;
  worker = await product.startWorker();
  await product.admin.put('/api/apns-certificate').send({ certificate: makeApnsCertificate(60) });
  const upload = product.admin.post('/api/tokens');
  for (const [key, value] of Object.entries({
    name: 'Returns',
    appleId: 'it@example.test',
    type: 'EDUCATION',
  }))
    upload.field(key, value);
  const uploaded = await upload.attach('token', Buffer.from(location.vppToken), 'returns.vpptoken');
  const tokenId = uploaded.body.id as string;
  const prisma = product.app.database.prisma;
  await waitFor(
    async () => (await prisma.syncRun.findFirst({ where: { tokenId, status: 'SUCCEEDED' } })) ?? null,
  );
  const storeApp = await prisma.storeApp.findFirstOrThrow({ where: { tokenId, adamId: APP } });
  if (storeApp.bundleId === null)
    await prisma.storeApp.update({ where: { id: storeApp.id }, data: { bundleId: BUNDLE_ID } });
  applicationId = (await product.admin.post(`/api/store-apps/${storeApp.id}/applications`).send({})).body.id;

  // Six enrolled iPads with the app installed (and its device license held at Apple).
  for (let index = 1; index <= 6; index += 1) {
    const serialNumber = `RET${String(index).padStart(9, '0')}`;
    const enrolled = product.emulator.nanoMdm.enroll({ serialNumber, platform: 'iPadOS' });
    devices.push({ serialNumber, udid: enrolled.udid, id: '' });
  }
  await product.emulator.nanoMdm.idle();
  const collection = await prisma.collection.create({ data: { name: 'Returns', type: 'DEVICE' } });
  devices = await Promise.all(
    devices.map(async (device) => {
      const row = await prisma.device.findUniqueOrThrow({ where: { serialNumber: device.serialNumber } });
      await prisma.collectionDevice.create({ data: { collectionId: collection.id, deviceId: row.id } });
      return { ...device, id: row.id };
    }),
  );
  const deployment = await product.admin
    .post('/api/deployments')
    .send({ applicationId, collectionId: collection.id, action: 'INSTALL', purpose: 'REQUIRED' });
  expect(deployment.status).toBe(201);
  await waitFor(async () => {
    const states = await product.admin.get(`/api/deployments/${deployment.body.id}`);
    return states.body.counts.INSTALLED === 6;
  }, 40_000);
  for (const device of devices) expect(appleHolds(device.serialNumber)).toBe(true);
}, 90_000);
afterAll(() => product.close());

describe('licenses of devices that leave', () => {
  it('IMMEDIATELY (the default): a CheckOut releases the device licenses at once, listed as returned', async () => {
    expect((await product.admin.get('/api/settings/check-out-licenses')).body).toEqual({
      mode: 'IMMEDIATELY',
      days: 30,
    });
    const leaving = devices[0]!;
    await checkOut(leaving);
    await waitFor(async () => !appleHolds(leaving.serialNumber));
    const returned = await waitFor(async () => {
      const list = await product.admin.get('/api/license-returns');
      return list.body.total >= 1 ? list.body : null;
    });
    expect(returned.items[0]).toMatchObject({
      reason: 'CHECKED_OUT',
      serialNumber: leaving.serialNumber,
      deviceId: leaving.id,
      adamId: APP,
      appName: 'Atlas',
      actorEmail: null,
    });
    const audit = await product.app.database.prisma.auditEntry.findFirst({
      where: { action: 'license.released-after-checkout', targetId: leaving.id },
    });
    expect(audit?.summary).toContain(leaving.serialNumber);
    const summary = await product.admin.get('/api/license-returns/summary');
    expect(summary.body).toEqual({ returnedLast30Days: 1, suggestions: 0 });
    // The hourly job has nothing to do for a released device, and nothing is released twice.
    await worker.fire('release-long-unenrolled-devices');
    await settle();
    expect((await product.admin.get('/api/license-returns')).body.total).toBe(1);
  }, 30_000);

  it('AFTER_DAYS: nothing goes back until the device stayed unenrolled that long; a device that came back keeps its license', async () => {
    await setMode('AFTER_DAYS', 3);
    const [leaving, returning] = [devices[1]!, devices[2]!];
    await checkOut(leaving);
    await checkOut(returning);
    await settle();
    expect(appleHolds(leaving.serialNumber)).toBe(true);
    const suggestions = await product.admin.get('/api/license-returns/suggestions');
    const listed = suggestions.body.items.find(
      (item: { serialNumber: string }) => item.serialNumber === leaving.serialNumber,
    );
    expect(listed.apps).toEqual([{ adamId: APP, name: 'Atlas' }]);
    expect(new Date(listed.releaseDueAt).getTime() - new Date(listed.unenrolledAt).getTime()).toBe(
      3 * 86_400_000,
    );

    // Not yet due: the job releases nothing.
    await worker.fire('release-long-unenrolled-devices');
    await settle();
    expect(appleHolds(leaving.serialNumber)).toBe(true);

    // Four days later; the other device enrolled again meanwhile.
    const prisma = product.app.database.prisma;
    const fourDaysAgo = new Date(Date.now() - 4 * 86_400_000);
    await prisma.device.update({ where: { id: leaving.id }, data: { unenrolledAt: fourDaysAgo } });
    await prisma.device.update({ where: { id: returning.id }, data: { unenrolledAt: fourDaysAgo } });
    product.emulator.nanoMdm.enroll({ serialNumber: returning.serialNumber, udid: returning.udid });
    await product.emulator.nanoMdm.idle();
    await worker.fire('release-long-unenrolled-devices');
    await waitFor(async () => !appleHolds(leaving.serialNumber));
    expect(appleHolds(returning.serialNumber)).toBe(true);
    const list = await product.admin.get('/api/license-returns');
    expect(list.body.items.map((item: { serialNumber: string }) => item.serialNumber)).toEqual([
      leaving.serialNumber,
      devices[0]!.serialNumber,
    ]);
  }, 40_000);

  it('SUGGEST_ONLY: nothing is released; the admin releases a suggestion with one click', async () => {
    await setMode('SUGGEST_ONLY', 3);
    const leaving = devices[3]!;
    await checkOut(leaving);
    await settle();
    expect(appleHolds(leaving.serialNumber)).toBe(true);
    const suggestions = await product.admin.get('/api/license-returns/suggestions');
    const suggestion = suggestions.body.items.find(
      (item: { serialNumber: string }) => item.serialNumber === leaving.serialNumber,
    );
    expect(suggestion).toMatchObject({ deviceId: leaving.id, releaseDueAt: null });
    expect((await product.admin.get('/api/license-returns/summary')).body.suggestions).toBe(1);

    const manager = await product.app.signedInAgent('manager');
    expect((await manager.post(`/api/license-returns/suggestions/${leaving.id}/release`)).status).toBe(403);
    // An enrolled device is no suggestion.
    const enrolled = await product.admin.post(`/api/license-returns/suggestions/${devices[4]!.id}/release`);
    expect(enrolled.status).toBe(409);
    expect(enrolled.body.code).toBe('CONFLICT');

    const released = await product.admin.post(`/api/license-returns/suggestions/${leaving.id}/release`);
    expect(released.status).toBe(200);
    expect(released.body).toEqual({ released: 1 });
    await waitFor(async () => !appleHolds(leaving.serialNumber));
    const list = await product.admin.get('/api/license-returns');
    expect(list.body.items[0]).toMatchObject({
      reason: 'SUGGESTION_ACCEPTED',
      serialNumber: leaving.serialNumber,
      actorEmail: expect.stringContaining('@'),
    });
    expect((await product.admin.get('/api/license-returns/suggestions')).body.items).toEqual([]);
    // Released once: a second click finds nothing left.
    expect((await product.admin.post(`/api/license-returns/suggestions/${leaving.id}/release`)).body).toEqual(
      {
        released: 0,
      },
    );
  }, 30_000);

  it('deleting a device releases its device licenses (unless the setting only suggests)', async () => {
    const [kept, deleted] = [devices[4]!, devices[5]!];
    // SUGGEST_ONLY still: a deletion releases nothing.
    expect((await product.admin.delete(`/api/devices/${kept.id}`)).status).toBe(204);
    await settle();
    expect(appleHolds(kept.serialNumber)).toBe(true);

    await setMode('IMMEDIATELY');
    expect((await product.admin.delete(`/api/devices/${deleted.id}`)).status).toBe(204);
    await waitFor(async () => !appleHolds(deleted.serialNumber));
    const list = await product.admin.get('/api/license-returns');
    expect(list.body.items[0]).toMatchObject({
      reason: 'DEVICE_DELETED',
      serialNumber: deleted.serialNumber,
      deviceId: null,
    });
    const audit = await product.app.database.prisma.auditEntry.findFirst({
      where: { action: 'license.released-after-deletion' },
    });
    expect(audit?.summary).toContain(deleted.serialNumber);
  }, 30_000);

  it('refuses a setting out of range with a problem+json', async () => {
    const response = await product.admin
      .put('/api/settings/check-out-licenses')
      .send({ mode: 'AFTER_DAYS', days: 0 });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
  });
});
