import { signWebhookBody, WEBHOOK_SIGNATURE_HEADER } from '@vpp/nanomdm-client/webhook-signature';
import { build } from 'plist';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApnsCertificate } from './apns-test-certificate.ts';
import { appleState, type ProductUnderTest, startProduct, waitFor } from './product-under-test.ts';

// Deployments through NanoMDM, end to end on loopback: the worker claims licenses at Apple (the
// emulator), then enqueues InstallApplication / RemoveApplication plists to the emulated NanoMDM
// with Basic auth; the emulated devices answer, and NanoMDM's HMAC-signed webhooks reach the API,
// which moves the targets. Licenses are released only after a device acknowledged the removal.

const API_KEY = 'nanomdm-deployments-api-key';
const HMAC_KEY = 'nanomdm-deployments-hmac-key';
const APP = '810000001';
const BUNDLE_ID = 'com.example.fieldnotes';

let product: ProductUnderTest;
let locationId: string;
let tokenId: string;
let applicationId: string;

let serial = 0;
/** Devices enrolled in the emulated NanoMDM (Authenticate + TokenUpdate webhooks), in a collection. */
async function enrolledCollection(count: number) {
  const devices: { serialNumber: string; udid: string }[] = [];
  for (let index = 0; index < count; index += 1) {
    serial += 1;
    const serialNumber = `NMD${String(serial).padStart(9, '0')}`;
    const device = product.emulator.nanoMdm.enroll({ serialNumber, platform: 'iPadOS' });
    devices.push({ serialNumber, udid: device.udid });
  }
  await product.emulator.nanoMdm.idle();
  const prisma = product.app.database.prisma;
  const collection = await prisma.collection.create({ data: { name: `NanoMDM ${serial}`, type: 'DEVICE' } });
  for (const device of devices) {
    const row = await prisma.device.findUniqueOrThrow({ where: { serialNumber: device.serialNumber } });
    expect(row.udid).toBe(device.udid);
    await prisma.collectionDevice.create({ data: { collectionId: collection.id, deviceId: row.id } });
  }
  return { collectionId: collection.id, devices };
}

async function deploy(collectionId: string, action: 'INSTALL' | 'UNINSTALL') {
  const created = await product.admin
    .post('/api/deployments')
    .send({ applicationId, collectionId, action, purpose: 'REQUIRED' });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

async function deploymentStates(id: string) {
  const response = await product.admin.get(`/api/deployments/${id}?pageSize=500`);
  return response.body as {
    status: string;
    counts: Record<string, number>;
    targets: { state: string; errorCode: string | null; error: string | null; assignee: string }[];
  };
}

function waitForStates(id: string, done: (counts: Record<string, number>) => boolean, timeoutMs = 30_000) {
  return waitFor(async () => {
    const deployment = await deploymentStates(id);
    return done(deployment.counts) ? deployment : null;
  }, timeoutMs);
}

function appleHolds(serialNumber: string) {
  return appleState(product.emulator, locationId).assignments.some(
    (key) => key.startsWith(`${APP}/`) && key.endsWith(`serial:${serialNumber}`),
  );
}

function commandsTo(udid: string, requestType: string) {
  return product.emulator.nanoMdm.received.filter(
    (command) => command.requestType === requestType && command.udids.includes(udid),
  );
}

beforeAll(async () => {
  product = await startProduct({ nanoMdm: { apiKey: API_KEY, webhookHmacKey: HMAC_KEY } });
  const location = product.emulator.control.createLocation({
    orgName: 'NanoMDM Org',
    locationName: 'NanoMDM campus',
    type: 'EDUCATION',
    assets: [{ adamId: APP, name: 'Field Notes', deviceAssignable: true, count: 20, bundleId: BUNDLE_ID }],
  });
  locationId = location.locationId;
  await product.startWorker();
  expect(
    (await product.admin.put('/api/apns-certificate').send({ certificate: makeApnsCertificate(60) })).status,
  ).toBe(200);
  const upload = product.admin.post('/api/tokens');
  for (const [key, value] of Object.entries({
    name: 'NanoMDM',
    appleId: 'it@example.test',
    type: 'EDUCATION',
  }))
    upload.field(key, value);
  const uploaded = await upload.attach('token', Buffer.from(location.vppToken), 'nanomdm.vpptoken');
  tokenId = uploaded.body.id;
  await waitFor(
    async () =>
      (await product.app.database.prisma.syncRun.findFirst({ where: { tokenId, status: 'SUCCEEDED' } })) ??
      null,
  );
  const storeApp = await product.app.database.prisma.storeApp.findFirstOrThrow({
    where: { tokenId, adamId: APP },
  });
  if (storeApp.bundleId === null) {
    // Content metadata fills it in normally; the removal below needs it.
    await product.app.database.prisma.storeApp.update({
      where: { id: storeApp.id },
      data: { bundleId: BUNDLE_ID },
    });
  }
  const application = await product.admin.post(`/api/store-apps/${storeApp.id}/applications`).send({});
  expect(application.status).toBe(201);
  applicationId = application.body.id;
}, 60_000);
afterAll(() => product.close());

describe('deployments through NanoMDM', () => {
  it('learns devices from webhooks, licenses them at Apple, then installs by InstallApplication; uninstall releases after the acks', async () => {
    const { collectionId, devices } = await enrolledCollection(3);
    const listed = await product.admin.get('/api/devices').query({ search: devices[0]!.serialNumber });
    expect(listed.body.items).toMatchObject([
      { serialNumber: devices[0]!.serialNumber, mdm: { udid: devices[0]!.udid } },
    ]);

    // Duplicate deliveries of every webhook change nothing.
    product.emulator.nanoMdm.configure({ duplicateWebhooks: true });
    const installId = await deploy(collectionId, 'INSTALL');
    const installed = await waitForStates(installId, (counts) => counts.INSTALLED === 3);
    expect(installed.status).toBe('FINISHED');
    for (const device of devices) {
      expect(appleHolds(device.serialNumber)).toBe(true);
      const [install, ...more] = commandsTo(device.udid, 'InstallApplication');
      expect(more).toEqual([]);
      expect(install!.command).toMatchObject({
        RequestType: 'InstallApplication',
        iTunesStoreID: Number(APP),
        Options: { PurchaseMethod: 1 },
        ManagementFlags: 1,
      });
      // The emulated NanoMDM accepts only Basic nanomdm:<API key>, and its devices refuse an install
      // without a device license at Apple: the license came first.
      expect(product.emulator.nanoMdm.devices.get(device.udid)!.apps.has(BUNDLE_ID)).toBe(true);
      // INSTALLED only after the device listed the app as Managed in a ManagedApplicationList.
      const [confirm] = commandsTo(device.udid, 'ManagedApplicationList');
      expect(confirm!.command).toMatchObject({ Identifiers: [BUNDLE_ID] });
    }
    const targetRows = await product.app.database.prisma.deploymentTarget.findMany({
      where: { deploymentId: installId },
    });
    expect(targetRows.every((row) => row.mdmCommandUuids.length === 1)).toBe(true);
    const app = await product.app.database.prisma.storeApp.findFirstOrThrow({
      where: { tokenId, adamId: APP },
    });
    expect(app.reservedCount).toBe(0);
    product.emulator.nanoMdm.configure({ duplicateWebhooks: false });

    // One device is busy (NotNow) when the removal arrives: its license stays until it acknowledges.
    const busy = devices[0]!;
    product.emulator.nanoMdm.configure({ notNowRetryMs: 5000 });
    product.emulator.nanoMdm.forceAnswers(busy.udid, { answers: [{ status: 'NotNow' }] });
    const uninstallId = await deploy(collectionId, 'UNINSTALL');
    await waitFor(async () => {
      const states = await deploymentStates(uninstallId);
      return (states.counts.LICENSE_RELEASED ?? 0) === 2 ? states : null;
    });
    const busyTarget = (await deploymentStates(uninstallId)).targets.find(
      (target) => target.assignee === busy.serialNumber,
    );
    expect(busyTarget?.state).toBe('PENDING');
    expect(appleHolds(busy.serialNumber)).toBe(true);
    expect(appleHolds(devices[1]!.serialNumber)).toBe(false);
    const released = await waitForStates(uninstallId, (counts) => counts.LICENSE_RELEASED === 3);
    expect(released.status).toBe('FINISHED');
    for (const device of devices) {
      expect(appleHolds(device.serialNumber)).toBe(false);
      const removals = commandsTo(device.udid, 'RemoveApplication');
      expect(removals.length).toBe(1);
      expect(removals[0]!.command).toMatchObject({ Identifier: BUNDLE_ID });
      expect(product.emulator.nanoMdm.devices.get(device.udid)!.apps.has(BUNDLE_ID)).toBe(false);
    }
    expect((await deploymentStates(installId)).counts.REMOVED).toBe(3);
  }, 60_000);

  it('keeps targets licensed while NanoMDM is down and sends their commands once it is back', async () => {
    const { collectionId, devices } = await enrolledCollection(2);
    product.emulator.nanoMdm.configure({ mode: 'unavailable' });
    const installId = await deploy(collectionId, 'INSTALL');
    await waitFor(async () => {
      const rows = await product.app.database.prisma.deploymentTarget.findMany({
        where: { deploymentId: installId },
      });
      return rows.every(
        (row) => row.state === 'LICENSED' && row.commandAttempts >= 1 && row.commandSentAt === null,
      );
    });
    for (const device of devices) {
      expect(appleHolds(device.serialNumber)).toBe(true);
      expect(commandsTo(device.udid, 'InstallApplication')).toEqual([]);
    }
    const before = await product.app.database.prisma.storeApp.findFirstOrThrow({
      where: { tokenId, adamId: APP },
    });
    product.emulator.nanoMdm.configure({ mode: 'up' });
    const done = await waitForStates(installId, (counts) => counts.INSTALLED === 2, 45_000);
    expect(done.status).toBe('FINISHED');
    // No license was claimed a second time.
    const after = await product.app.database.prisma.storeApp.findFirstOrThrow({
      where: { tokenId, adamId: APP },
    });
    expect(after.assignedCount).toBe(before.assignedCount);
    for (const device of devices) expect(commandsTo(device.udid, 'InstallApplication').length).toBe(1);
  }, 60_000);

  it('an enqueue refused for one device (207) retries only that device', async () => {
    const { collectionId, devices } = await enrolledCollection(2);
    const [refused, accepted] = devices as [(typeof devices)[0], (typeof devices)[0]];
    product.emulator.nanoMdm.configure({ enqueueFailIds: [refused.udid] });
    const installId = await deploy(collectionId, 'INSTALL');
    await waitForStates(installId, (counts) => counts.INSTALLED === 1);
    const waiting = await product.app.database.prisma.deploymentTarget.findFirstOrThrow({
      where: { deploymentId: installId, assignee: refused.serialNumber },
    });
    expect(waiting).toMatchObject({ state: 'LICENSED', commandSentAt: null });
    product.emulator.nanoMdm.configure({ enqueueFailIds: [] });
    await waitForStates(installId, (counts) => counts.INSTALLED === 2, 45_000);
    expect(commandsTo(accepted.udid, 'InstallApplication').length).toBe(1);
  }, 60_000);

  it('an Error answer fails the target with the device error chain in plain words', async () => {
    const { collectionId, devices } = await enrolledCollection(1);
    product.emulator.nanoMdm.forceAnswers(devices[0]!.udid, {
      answers: [
        {
          status: 'Error',
          errorChain: [
            {
              ErrorCode: 12024,
              ErrorDomain: 'MCMDMErrorDomain',
              LocalizedDescription: 'Couldn’t install “Field Notes”.',
              USEnglishDescription: 'Couldn’t install “Field Notes”.',
            },
            {
              ErrorCode: 507,
              ErrorDomain: 'ASDErrorDomain',
              LocalizedDescription: 'Storage is full.',
              USEnglishDescription: 'Storage is full.',
            },
          ],
        },
      ],
    });
    const installId = await deploy(collectionId, 'INSTALL');
    const failed = await waitForStates(installId, (counts) => counts.FAILED === 1);
    expect(failed.targets[0]).toMatchObject({
      state: 'FAILED',
      errorCode: 'DEVICE_FAILED',
      error: 'Couldn’t install “Field Notes” [MCMDMErrorDomain 12024]. Storage is full [ASDErrorDomain 507].',
    });
  });

  it('an acknowledged install whose app still installs is asked again; one whose app never arrives fails', async () => {
    const { collectionId, devices } = await enrolledCollection(2);
    const [slow, lost] = devices as [(typeof devices)[0], (typeof devices)[0]];
    product.emulator.nanoMdm.configure({ installDelayMs: 1500, lostInstallIds: [lost.udid] });
    try {
      const installId = await deploy(collectionId, 'INSTALL');
      const settled = await waitForStates(
        installId,
        (counts) => counts.INSTALLED === 1 && counts.FAILED === 1,
        40_000,
      );
      const byAssignee = new Map(settled.targets.map((target) => [target.assignee, target]));
      expect(byAssignee.get(slow.serialNumber)).toMatchObject({ state: 'INSTALLED', error: null });
      expect(byAssignee.get(lost.serialNumber)).toMatchObject({
        state: 'FAILED',
        errorCode: 'DEVICE_FAILED',
        error: `The device acknowledged the install, but its list of managed apps does not include ${BUNDLE_ID}.`,
      });
      // The slow device said "Installing" first and was asked again.
      expect(commandsTo(slow.udid, 'ManagedApplicationList').length).toBeGreaterThanOrEqual(2);
      expect(commandsTo(lost.udid, 'ManagedApplicationList').length).toBe(1);
      const rows = await product.app.database.prisma.deploymentTarget.findMany({
        where: { deploymentId: installId },
      });
      expect(rows.every((row) => row.mdmAcknowledgedAt !== null)).toBe(true);
    } finally {
      product.emulator.nanoMdm.configure({ installDelayMs: 0, lostInstallIds: [] });
    }
  }, 60_000);

  it("a CheckOut releases that device's device licenses at Apple, recorded in the audit log", async () => {
    const { collectionId, devices } = await enrolledCollection(2);
    const [leaving, staying] = devices as [(typeof devices)[0], (typeof devices)[0]];
    const installId = await deploy(collectionId, 'INSTALL');
    await waitForStates(installId, (counts) => counts.INSTALLED === 2);
    expect(appleHolds(leaving.serialNumber)).toBe(true);
    product.emulator.nanoMdm.unenroll(leaving.udid);
    await product.emulator.nanoMdm.idle();
    const prisma = product.app.database.prisma;
    const device = await prisma.device.findUniqueOrThrow({ where: { serialNumber: leaving.serialNumber } });
    expect(device.mdmStatus).toBe('UNENROLLED');
    await waitFor(async () => !appleHolds(leaving.serialNumber));
    expect(appleHolds(staying.serialNumber)).toBe(true);
    const audit = await waitFor(() =>
      prisma.auditEntry.findFirst({
        where: { action: 'license.released-after-checkout', targetId: device.id },
      }),
    );
    expect(audit.summary).toContain(leaving.serialNumber);
    expect(audit.after).toMatchObject({ serialNumber: leaving.serialNumber, adamId: APP });
  });

  it('refuses a webhook with a wrong HMAC (401) and changes nothing', async () => {
    const serialNumber = 'NMDWRONGHMAC1';
    const udid = '00008110-000A1B2C3D4E5F60';
    const body = JSON.stringify({
      topic: 'mdm.Authenticate',
      event_id: 'wrong-hmac-1',
      created_at: new Date().toISOString(),
      checkin_event: {
        udid,
        raw_payload: Buffer.from(
          build({
            MessageType: 'Authenticate',
            UDID: udid,
            SerialNumber: serialNumber,
            Topic: 'com.apple.mgmt.x',
          }),
        ).toString('base64'),
      },
    });
    const post = (key: string) =>
      request(product.app.app)
        .post('/api/mdm/nanomdm/webhook')
        .set('content-type', 'application/json')
        .set(WEBHOOK_SIGNATURE_HEADER, signWebhookBody(body, key))
        .send(body);
    const wrong = await post('not-the-shared-hmac-key');
    expect(wrong.status).toBe(401);
    expect(wrong.headers['content-type']).toContain('application/problem+json');
    expect(await product.app.database.prisma.device.findUnique({ where: { serialNumber } })).toBeNull();
    // The same body with the right key is applied: the refusal was the signature's.
    const right = await post(HMAC_KEY);
    expect(right.status).toBe(200);
    expect(await product.app.database.prisma.device.findUnique({ where: { serialNumber } })).toMatchObject({
      udid,
    });
  });
});
