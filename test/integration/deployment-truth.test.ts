import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApnsCertificate } from './apns-test-certificate.ts';
import { appleState, type ProductUnderTest, startProduct, waitFor } from './product-under-test.ts';

// The truth a person sees (issue 9): a device's state for an app is one fact across deployments, a
// deployment whose targets settled is FINISHED, and an app is never licensed to or installed on a
// device whose platform cannot run it.

const TEAMS = '1113153706';
const FINAL_CUT_PRO = '424389933';

let product: ProductUnderTest;
let locationId: string;
let tokenId: string;
let serial = 0;

interface Target {
  state: string;
  errorCode: string | null;
  assignee: string;
  removedBy: { deploymentId: string; collectionName: string } | null;
}
interface DeploymentBody {
  status: string;
  finishedAt: string | null;
  counts: Record<string, number>;
  targets: Target[];
}

async function storeApp(adamId: string) {
  return product.app.database.prisma.storeApp.findFirstOrThrow({ where: { tokenId, adamId } });
}

async function applicationFor(adamId: string) {
  const response = await product.admin
    .post(`/api/store-apps/${(await storeApp(adamId)).id}/applications`)
    .send({});
  expect(response.status).toBe(201);
  return response.body.id as string;
}

/** Devices of the given models in a new device collection, known to the inventory and to the fleet. */
async function deviceCollection(name: string, models: string[]) {
  const prisma = product.app.database.prisma;
  const collection = await prisma.collection.create({ data: { name, type: 'DEVICE' } });
  const serials: string[] = [];
  for (const model of models) {
    const serialNumber = `TR${String(++serial).padStart(8, '0')}`;
    serials.push(serialNumber);
    const device = await prisma.device.create({ data: { serialNumber, model, name: `${model} ${serial}` } });
    await prisma.collectionDevice.create({ data: { collectionId: collection.id, deviceId: device.id } });
    product.emulator.devices.enrol(serialNumber, model);
  }
  return { collectionId: collection.id, serials };
}

async function deployment(id: string): Promise<DeploymentBody> {
  const response = await product.admin.get(`/api/deployments/${id}?pageSize=500`);
  expect(response.status).toBe(200);
  return response.body;
}

async function waitForDeployment(id: string, done: (body: DeploymentBody) => boolean) {
  return waitFor(async () => {
    const body = await deployment(id);
    return done(body) ? body : null;
  }, 30_000);
}

function appleHolds(adamId: string) {
  return appleState(product.emulator, locationId).assignments.filter((key) => key.startsWith(`${adamId}/`));
}

async function deploy(applicationId: string, collectionId: string, action: 'INSTALL' | 'UNINSTALL') {
  const created = await product.admin
    .post('/api/deployments')
    .send({ applicationId, collectionId, action, purpose: 'REQUIRED' });
  expect(created.status).toBe(201);
  return created.body as DeploymentBody & { id: string };
}

beforeAll(async () => {
  product = await startProduct({ emulatorOptions: { deviceCommandDelayMs: 30 } });
  const location = product.emulator.control.createLocation({
    orgName: 'Truth Org',
    locationName: 'Truth campus',
    type: 'BUSINESS',
    assets: [
      {
        adamId: TEAMS,
        name: 'Microsoft Teams',
        deviceAssignable: true,
        supportedPlatforms: ['iOS'],
        count: 10,
      },
      {
        adamId: FINAL_CUT_PRO,
        name: 'Final Cut Pro',
        deviceAssignable: true,
        supportedPlatforms: ['macOS'],
        count: 5,
      },
    ],
  });
  locationId = location.locationId;
  await product.admin.put('/api/apns-certificate').send({ certificate: makeApnsCertificate() });
  await product.startWorker();
  const request = product.admin.post('/api/tokens');
  for (const [key, value] of Object.entries({ name: 'Truth', appleId: 'it@example.test', type: 'BUSINESS' }))
    request.field(key, value);
  tokenId = (await request.attach('token', Buffer.from(location.vppToken), 'truth.vpptoken')).body.id;
  await waitFor(
    async () =>
      (await product.app.database.prisma.syncRun.findFirst({ where: { tokenId, status: 'SUCCEEDED' } })) ??
      null,
  );
});
afterAll(() => product.close());

describe('Teams: install on 4 iPads, then an uninstall releases the 4 licenses', () => {
  it('shows the install targets REMOVED by the uninstall, and both deployments FINISHED', async () => {
    const applicationId = await applicationFor(TEAMS);
    const { collectionId, serials } = await deviceCollection('Sales iPads', [
      'iPad (10th generation)',
      'iPad Air',
      'iPad mini',
      'iPad Pro',
    ]);
    const install = await deploy(applicationId, collectionId, 'INSTALL');
    expect(install.status).toBe('ACTIVE');
    const installed = await waitForDeployment(install.id, (body) => body.counts.INSTALLED === 4);
    // Installed 100%: every target settled, so the deployment has finished.
    expect(installed.status).toBe('FINISHED');
    expect(installed.finishedAt).not.toBeNull();
    expect(
      serials.every((serialNumber) => product.emulator.devices.appsOn(serialNumber).includes(TEAMS)),
    ).toBe(true);
    expect(appleHolds(TEAMS)).toHaveLength(4);
    const licensed = await storeApp(TEAMS);

    const uninstall = await deploy(applicationId, collectionId, 'UNINSTALL');
    const released = await waitForDeployment(uninstall.id, (body) => body.counts.LICENSE_RELEASED === 4);
    expect(released.status).toBe('FINISHED');
    expect(appleHolds(TEAMS)).toHaveLength(0);
    expect(
      serials.some((serialNumber) => product.emulator.devices.appsOn(serialNumber).includes(TEAMS)),
    ).toBe(false);
    const freed = await storeApp(TEAMS);
    expect(freed.assignedCount).toBe(licensed.assignedCount - 4);
    expect(freed.availableCount).toBe(licensed.availableCount + 4);
    expect(freed.reservedCount).toBe(0);

    // The install deployment tells the same truth: nothing is installed any more, and who removed it.
    const after = await deployment(install.id);
    expect(after.status).toBe('FINISHED');
    expect(after.counts).toEqual({ REMOVED: 4 });
    expect(after.targets.map((target) => target.state)).toEqual(['REMOVED', 'REMOVED', 'REMOVED', 'REMOVED']);
    for (const target of after.targets) {
      expect(target.removedBy).toMatchObject({ deploymentId: uninstall.id, collectionName: 'Sales iPads' });
    }
    const filtered = await product.admin.get(`/api/deployments/${install.id}?state=INSTALLED`);
    expect(filtered.body.targetsTotal).toBe(0);
    const application = await product.admin.get(`/api/applications/${applicationId}`);
    const statuses = Object.fromEntries(
      application.body.deployments.map((summary: { id: string; status: string }) => [
        summary.id,
        summary.status,
      ]),
    );
    expect(statuses).toEqual({ [install.id]: 'FINISHED', [uninstall.id]: 'FINISHED' });
  });

  it('installs again after an uninstall, leaving the old install deployment as it was', async () => {
    const applicationId = await applicationFor(TEAMS);
    const { collectionId } = await deviceCollection('Reception iPads', ['iPad Air']);
    const first = await deploy(applicationId, collectionId, 'INSTALL');
    await waitForDeployment(first.id, (body) => body.status === 'FINISHED');
    const uninstall = await deploy(applicationId, collectionId, 'UNINSTALL');
    await waitForDeployment(uninstall.id, (body) => body.status === 'FINISHED');
    const second = await deploy(applicationId, collectionId, 'INSTALL');
    const reinstalled = await waitForDeployment(second.id, (body) => body.status === 'FINISHED');
    expect(reinstalled.counts).toEqual({ INSTALLED: 1 });
    expect((await deployment(first.id)).counts).toEqual({ REMOVED: 1 });
  });
});

describe('Final Cut Pro (macOS only) to an iPad collection', () => {
  it('is refused in the preview, claims no license, fails the iPads and never installs on them', async () => {
    const fcp = await storeApp(FINAL_CUT_PRO);
    expect(fcp.platforms).toEqual(['macOS']);
    const applicationId = await applicationFor(FINAL_CUT_PRO);
    const { collectionId, serials } = await deviceCollection('Design iPads', ['iPad Pro', 'iPad Air']);
    const preview = await product.admin
      .post('/api/deployments/preview')
      .send({ applicationId, collectionId, action: 'INSTALL', purpose: 'REQUIRED' });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      targets: 2,
      newClaims: 0,
      shortfall: 0,
      targetsThatWillFailCount: 2,
    });
    for (const failing of preview.body.targetsThatWillFail) {
      expect(failing.code).toBe('PLATFORM_NOT_SUPPORTED');
      expect(failing.reason).toMatch(/macOS.*iPad/);
    }
    expect(
      preview.body.targetsThatWillFail.map((failing: { target: string }) => failing.target).sort(),
    ).toEqual(serials);

    const created = await deploy(applicationId, collectionId, 'INSTALL');
    // Every target failed at once, so there is nothing left to do.
    expect(created.status).toBe('FINISHED');
    expect(created.counts).toEqual({ FAILED: 2 });
    expect(created.targets.every((target) => target.errorCode === 'PLATFORM_NOT_SUPPORTED')).toBe(true);
    expect((await storeApp(FINAL_CUT_PRO)).reservedCount).toBe(0);
    // Give the worker its turn: it must claim nothing and send nothing.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(appleHolds(FINAL_CUT_PRO)).toHaveLength(0);
    expect(
      product.emulator.devices.received.filter((command) => command.adamId === FINAL_CUT_PRO),
    ).toHaveLength(0);
    for (const serialNumber of serials) expect(product.emulator.devices.appsOn(serialNumber)).toEqual([]);
    expect(await storeApp(FINAL_CUT_PRO)).toMatchObject({
      assignedCount: fcp.assignedCount,
      reservedCount: 0,
    });
  });

  it('installs on the Mac of a mixed collection and fails only the iPad', async () => {
    const applicationId = await applicationFor(FINAL_CUT_PRO);
    const { collectionId, serials } = await deviceCollection('Studio', ['MacBook Pro', 'iPad Air']);
    const [mac, iPad] = serials as [string, string];
    const preview = await product.admin
      .post('/api/deployments/preview')
      .send({ applicationId, collectionId, action: 'INSTALL', purpose: 'REQUIRED' });
    expect(preview.body).toMatchObject({ newClaims: 1, targetsThatWillFailCount: 1 });
    expect(preview.body.targetsThatWillFail[0]).toMatchObject({
      target: iPad,
      code: 'PLATFORM_NOT_SUPPORTED',
    });
    const created = await deploy(applicationId, collectionId, 'INSTALL');
    const done = await waitForDeployment(created.id, (body) => body.status === 'FINISHED');
    expect(done.counts).toEqual({ INSTALLED: 1, FAILED: 1 });
    expect(appleHolds(FINAL_CUT_PRO)).toEqual([`${FINAL_CUT_PRO}/STDQ/serial:${mac}`]);
    expect(product.emulator.devices.appsOn(mac)).toEqual([FINAL_CUT_PRO]);
    expect(product.emulator.devices.appsOn(iPad)).toEqual([]);
  });

  it("checks a user license against the person's devices", async () => {
    const prisma = product.app.database.prisma;
    const applicationId = await applicationFor(FINAL_CUT_PRO);
    const collection = await prisma.collection.create({ data: { name: 'Editors', type: 'USER' } });
    const people = [];
    for (const [email, models] of [
      ['ipad-only@example.test', ['iPad Air']],
      ['has-mac@example.test', ['iPad Air', 'MacBook Air']],
      ['no-device@example.test', []],
    ] as const) {
      const person = await prisma.person.create({ data: { clientUserId: `cu-${email}`, email } });
      people.push(person);
      for (const model of models) {
        await prisma.device.create({
          data: { serialNumber: `TR${String(++serial).padStart(8, '0')}`, model, primaryUserId: person.id },
        });
      }
      await prisma.collectionPerson.create({ data: { collectionId: collection.id, personId: person.id } });
    }
    const preview = await product.admin
      .post('/api/deployments/preview')
      .send({ applicationId, collectionId: collection.id, action: 'INSTALL', purpose: 'REQUIRED' });
    expect(preview.body).toMatchObject({ licenseType: 'USER', targets: 3, targetsThatWillFailCount: 1 });
    expect(preview.body.targetsThatWillFail[0]).toMatchObject({
      target: 'ipad-only@example.test',
      code: 'PLATFORM_NOT_SUPPORTED',
    });
  });
});

describe('stopping', () => {
  it("gives a stopped deployment's unconfirmed reservations back at once, and retires a finished one", async () => {
    const applicationId = await applicationFor(TEAMS);
    const { collectionId } = await deviceCollection('Stopped iPads', ['iPad Air', 'iPad mini']);
    const before = await storeApp(TEAMS);
    // Apple answers nothing but 503s: the claims cannot go out, the reservations wait.
    product.emulator.control.setFaults({ rate5xx: 1 });
    try {
      const install = await deploy(applicationId, collectionId, 'INSTALL');
      expect((await storeApp(TEAMS)).reservedCount).toBe(before.reservedCount + 2);
      const stopped = await product.admin.delete(`/api/deployments/${install.id}`);
      expect(stopped.status).toBe(204);
      const after = await deployment(install.id);
      expect(after.status).toBe('STOPPED');
      expect(after.counts).toEqual({ PENDING: 2 });
      expect((await storeApp(TEAMS)).reservedCount).toBe(before.reservedCount);
      const audit = await product.app.database.prisma.auditEntry.findFirstOrThrow({
        where: { action: 'deployment.stop', targetId: install.id },
      });
      expect(audit.after).toMatchObject({ status: 'STOPPED', reservationsReturned: 2 });
    } finally {
      product.emulator.control.setFaults({ rate5xx: 0 });
    }

    const { collectionId: other } = await deviceCollection('Finished iPads', ['iPad Air']);
    const finished = await deploy(applicationId, other, 'INSTALL');
    await waitForDeployment(finished.id, (body) => body.status === 'FINISHED');
    const held = await storeApp(TEAMS);
    expect((await product.admin.delete(`/api/deployments/${finished.id}`)).status).toBe(204);
    const retired = await deployment(finished.id);
    expect(retired.status).toBe('STOPPED');
    // Licenses stay where they are: only an uninstall deployment releases them.
    expect(retired.counts).toEqual({ INSTALLED: 1 });
    expect(await storeApp(TEAMS)).toMatchObject({ assignedCount: held.assignedCount, reservedCount: 0 });
    expect((await product.admin.delete(`/api/deployments/${finished.id}`)).status).toBe(204);
  });
});
