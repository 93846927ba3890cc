import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApnsCertificate } from './apns-test-certificate.ts';
import { appleState, type ProductUnderTest, startProduct, waitFor } from './product-under-test.ts';

// Settings → Device management, end to end: the MDM server is saved in the console (keys sealed in
// the database, never returned), "Test connection" asks the emulated NanoMDM over HTTP, and a worker
// started before anything was saved drives NanoMDM with it, and the webhook check uses the saved
// HMAC key, all without a restart. Nothing MDM_* is in the environment here.

const API_KEY = 'device-management-api-key';
const HMAC_KEY = 'device-management-hmac-key';
const APP = '830000001';
const BUNDLE_ID = 'com.example.compass';

let product: ProductUnderTest;

beforeAll(async () => {
  product = await startProduct({
    emulatorOptions: { nanoMdm: { apiKey: API_KEY, checkInDelayMs: 10 } },
    mdmFromSettings: true,
  });
  await product.startWorker();
}, 60_000);
afterAll(() => product.close());

async function save(body: Record<string, unknown>) {
  return product.admin.put('/api/settings/device-management').send(body);
}

describe('Settings → Device management', () => {
  it('answers what is configured, with the webhook URL to give NanoMDM', async () => {
    const response = await product.admin.get('/api/settings/device-management');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      source: 'none',
      kind: null,
      url: null,
      apiKeySet: false,
      webhookHmacKeySet: false,
    });
    expect(response.body.webhookUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/mdm\/nanomdm\/webhook$/);
    const test = await product.admin.post('/api/settings/device-management/test');
    expect(test.status).toBe(409);
    expect(test.headers['content-type']).toContain('application/problem+json');
    expect(test.body.code).toBe('MDM_NOT_CONFIGURED');
  });

  it('keeps the keys sealed at rest and never returns them; Test connection tells a wrong key, a dead URL and a good setup apart', async () => {
    const wrong = await save({
      kind: 'nanomdm',
      url: product.apple.nanoMdmUrl,
      apiKey: 'not-the-api-key',
      webhookHmacKey: HMAC_KEY,
    });
    expect(wrong.status).toBe(200);
    expect(wrong.body).toMatchObject({
      source: 'settings',
      kind: 'nanomdm',
      apiKeySet: true,
      webhookHmacKeySet: true,
    });
    expect(JSON.stringify(wrong.body)).not.toContain('not-the-api-key');
    expect(JSON.stringify(wrong.body)).not.toContain(HMAC_KEY);
    const refused = await product.admin.post('/api/settings/device-management/test');
    expect(refused.status).toBe(422);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body.code).toBe('MDM_API_KEY_REFUSED');

    // The key alone changes; the HMAC key stays as saved.
    expect((await save({ kind: 'nanomdm', url: product.apple.nanoMdmUrl, apiKey: API_KEY })).status).toBe(
      200,
    );
    const row = await product.app.database.prisma.setting.findUniqueOrThrow({
      where: { key: 'device-management' },
    });
    const atRest = JSON.stringify(row.value);
    expect(atRest).not.toContain(API_KEY);
    expect(atRest).not.toContain(HMAC_KEY);
    expect(atRest).toContain(product.apple.nanoMdmUrl);
    const read = await product.admin.get('/api/settings/device-management');
    expect(read.body).toMatchObject({ apiKeySet: true, webhookHmacKeySet: true });
    expect(JSON.stringify(read.body)).not.toContain(API_KEY);
    const audit = await product.app.database.prisma.auditEntry.findMany({
      where: { action: 'settings.device-management' },
    });
    expect(JSON.stringify(audit)).not.toContain(API_KEY);

    const ok = await product.admin.post('/api/settings/device-management/test');
    expect(ok.status).toBe(200);
    expect(ok.body.ok).toBe(true);

    // The emulator also answers NanoHUB's paths (/api/v1/nanomdm, user nanohub).
    expect((await save({ kind: 'nanohub', url: product.apple.nanoMdmUrl })).status).toBe(200);
    expect((await product.admin.post('/api/settings/device-management/test')).status).toBe(200);

    expect((await save({ kind: 'nanomdm', url: 'http://127.0.0.1:9' })).status).toBe(200);
    const down = await product.admin.post('/api/settings/device-management/test');
    expect(down.status).toBe(502);
    expect(down.body.code).toBe('MDM_UNREACHABLE');
    expect((await save({ kind: 'nanomdm', url: product.apple.nanoMdmUrl })).status).toBe(200);
  });

  it('refuses bad input with a stable code', async () => {
    const badUrl = await save({ kind: 'nanomdm', url: 'ftp://mdm.example.test', apiKey: 'x' });
    expect(badUrl.status).toBe(400);
    expect(badUrl.body.code).toBe('VALIDATION_FAILED');
    const shortHmac = await save({ kind: 'nanomdm', url: product.apple.nanoMdmUrl, webhookHmacKey: 'short' });
    expect(shortHmac.status).toBe(400);
    const manager = await product.app.signedInAgent('manager');
    expect((await manager.get('/api/settings/device-management')).status).toBe(403);
  });

  it('the worker and the webhook use the saved setting without a restart: devices enrol, an install goes out', async () => {
    // NanoMDM is started with -webhook-url <ours> -webhook-hmac-key <the saved key>.
    const webhookUrl = (await product.admin.get('/api/settings/device-management')).body.webhookUrl as string;
    product.emulator.nanoMdm.configure({
      webhookUrl: `${product.apiUrl}${new URL(webhookUrl).pathname}`,
      webhookHmacKey: HMAC_KEY,
    });
    const enrolled = product.emulator.nanoMdm.enroll({ serialNumber: 'DMS000000001', platform: 'iPadOS' });
    await product.emulator.nanoMdm.idle();
    const prisma = product.app.database.prisma;
    const device = await waitFor(() => prisma.device.findUnique({ where: { serialNumber: 'DMS000000001' } }));
    expect(device.udid).toBe(enrolled.udid);

    const location = product.emulator.control.createLocation({
      orgName: 'Settings Org',
      locationName: 'Settings campus',
      type: 'EDUCATION',
      assets: [{ adamId: APP, name: 'Compass', deviceAssignable: true, count: 5, bundleId: BUNDLE_ID }],
    });
    await product.admin.put('/api/apns-certificate').send({ certificate: makeApnsCertificate(60) });
    const upload = product.admin.post('/api/tokens');
    for (const [key, value] of Object.entries({
      name: 'Settings',
      appleId: 'it@example.test',
      type: 'EDUCATION',
    }))
      upload.field(key, value);
    const tokenId = (await upload.attach('token', Buffer.from(location.vppToken), 'settings.vpptoken')).body
      .id;
    await waitFor(
      async () => (await prisma.syncRun.findFirst({ where: { tokenId, status: 'SUCCEEDED' } })) ?? null,
    );
    const storeApp = await prisma.storeApp.findFirstOrThrow({ where: { tokenId, adamId: APP } });
    if (storeApp.bundleId === null)
      await prisma.storeApp.update({ where: { id: storeApp.id }, data: { bundleId: BUNDLE_ID } });
    const applicationId = (await product.admin.post(`/api/store-apps/${storeApp.id}/applications`).send({}))
      .body.id;
    const collection = await prisma.collection.create({ data: { name: 'Settings', type: 'DEVICE' } });
    await prisma.collectionDevice.create({ data: { collectionId: collection.id, deviceId: device.id } });
    const deployment = await product.admin
      .post('/api/deployments')
      .send({ applicationId, collectionId: collection.id, action: 'INSTALL', purpose: 'REQUIRED' });
    expect(deployment.status).toBe(201);
    await waitFor(async () => {
      const states = await product.admin.get(`/api/deployments/${deployment.body.id}`);
      return states.body.counts.INSTALLED === 1;
    }, 30_000);
    const install = product.emulator.nanoMdm.received.find(
      (command) => command.requestType === 'InstallApplication',
    );
    expect(install?.udids).toEqual([enrolled.udid]);
    expect(
      appleState(product.emulator, location.locationId).assignments.some((key) =>
        key.endsWith('serial:DMS000000001'),
      ),
    ).toBe(true);

    // A webhook signed with another key is refused now that the saved key applies.
    product.emulator.nanoMdm.configure({ webhookHmacKey: 'another-hmac-key-entirely' });
    const before = product.emulator.nanoMdm.webhookDeliveries.length;
    product.emulator.nanoMdm.enroll({ serialNumber: 'DMS000000002', platform: 'iPadOS' });
    await product.emulator.nanoMdm.idle();
    const refused = product.emulator.nanoMdm.webhookDeliveries.slice(before);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((delivery) => delivery.httpStatus === 401)).toBe(true);
    expect(await prisma.device.findUnique({ where: { serialNumber: 'DMS000000002' } })).toBeNull();
  }, 60_000);
});
