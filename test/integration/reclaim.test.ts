import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApnsCertificate } from './apns-test-certificate.ts';
import { appleState, type ProductUnderTest, startProduct, waitFor } from './product-under-test.ts';

// Cost and reclaim end to end (docs/license-intelligence.md): prices entered and imported, the
// license report's money checked by hand, and the done-when of issue #14 — a reclaim of devices
// unseen for 30 days frees their licenses at Apple (the emulator) and can be undone.

const ATLAS = '830000001';
const BOOKS = '830000002';
const DAY = 86_400_000;

let product: ProductUnderTest;
let locationId: string;
let tokenId: string;
let atlasId: string;
let booksId: string;

function appleHolds(adamId: string, serial: string): boolean {
  return appleState(product.emulator, locationId).assignments.includes(`${adamId}/STDQ/serial:${serial}`);
}

async function counts(storeAppId: string) {
  const row = await product.app.database.prisma.storeApp.findUniqueOrThrow({ where: { id: storeAppId } });
  return { assigned: row.assignedCount, available: row.availableCount };
}

beforeAll(async () => {
  product = await startProduct({ emulatorOptions: { deviceCommandDelayMs: 20 } });
  await product.startWorker();
  const location = product.emulator.control.createLocation({
    orgName: 'Reclaim Org',
    locationName: 'Reclaim campus',
    type: 'EDUCATION',
    assets: [
      { adamId: ATLAS, name: 'Atlas', deviceAssignable: true, count: 10 },
      { adamId: BOOKS, name: 'Books', deviceAssignable: true, count: 5 },
    ],
    assignments: [
      ...['OLD000001', 'OLD000002', 'NEW000003', 'NEW000004'].map((serialNumber) => ({
        adamId: ATLAS,
        serialNumber,
      })),
      { adamId: BOOKS, serialNumber: 'OLD000001' },
      { adamId: BOOKS, serialNumber: 'OLD000002' },
    ],
  });
  locationId = location.locationId;
  const upload = product.admin.post('/api/tokens');
  for (const [key, value] of Object.entries({
    name: 'Reclaim',
    appleId: 'it@example.test',
    type: 'EDUCATION',
    categories: 'schools',
  }))
    upload.field(key, value);
  tokenId = (await upload.attach('token', Buffer.from(location.vppToken), 'r.vpptoken')).body.id;
  const prisma = product.app.database.prisma;
  await waitFor(
    async () => (await prisma.syncRun.findFirst({ where: { tokenId, status: 'SUCCEEDED' } })) ?? null,
  );
  atlasId = (await prisma.storeApp.findFirstOrThrow({ where: { tokenId, adamId: ATLAS } })).id;
  booksId = (await prisma.storeApp.findFirstOrThrow({ where: { tokenId, adamId: BOOKS } })).id;
  const now = Date.now();
  // Two devices unseen for 40 days, one seen 10 days ago, one never seen by an MDM.
  await prisma.device.createMany({
    data: [
      { serialNumber: 'OLD000001', name: 'Old iPad 1', lastSeenAt: new Date(now - 40 * DAY) },
      { serialNumber: 'OLD000002', name: 'Old iPad 2', lastSeenAt: new Date(now - 40 * DAY) },
      { serialNumber: 'NEW000003', name: 'New iPad 3', lastSeenAt: new Date(now - 10 * DAY) },
      { serialNumber: 'NEW000004', name: 'Typed-in iPad 4' },
    ],
  });
}, 60_000);
afterAll(() => product.close());

describe('license cost', () => {
  it('admins set prices (entered and from CSV), managers read them; the currency is a setting', async () => {
    const manager = await product.app.signedInAgent('manager');
    expect((await manager.put(`/api/store-apps/${atlasId}/price`).send({ unitPriceMinor: 1 })).status).toBe(
      403,
    );
    const set = await product.admin.put(`/api/store-apps/${atlasId}/price`).send({ unitPriceMinor: 1299 });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ storeAppId: atlasId, unitPriceMinor: 1299, currency: 'EUR' });
    const bad = await product.admin.put(`/api/store-apps/${atlasId}/price`).send({ unitPriceMinor: 12.5 });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');

    const imported = await product.admin
      .post('/api/store-apps/prices/import')
      .set('content-type', 'text/csv')
      .send(`adamId,price,token\n${BOOKS},"5,00",Reclaim\n999,1.00,\n${ATLAS},12.999,\n`);
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ rows: 3, priced: 1, cleared: 0 });
    expect(imported.body.problems.map((problem: { line: number }) => problem.line)).toEqual([3, 4]);
    expect((await manager.get(`/api/store-apps/${booksId}/price`)).body.unitPriceMinor).toBe(500);

    const settings = await product.admin
      .patch('/api/license-intelligence/settings')
      .send({ currency: 'usd' });
    expect(settings.status).toBe(400);
    expect(
      (await product.admin.patch('/api/license-intelligence/settings').send({ currency: 'EUR' })).body
        .currency,
    ).toBe('EUR');
  });

  it('the report shows value in use, value idle and cost by category, in JSON and CSV (checked by hand)', async () => {
    const report = await product.admin.get('/api/reports/license-counts').query({ tokenId });
    expect(report.status).toBe(200);
    expect(report.body.currency).toBe('EUR');
    const atlas = report.body.items.find((row: { adamId: string }) => row.adamId === ATLAS);
    const books = report.body.items.find((row: { adamId: string }) => row.adamId === BOOKS);
    // Atlas: 10 bought, 4 in use, 6 free at €12.99 → in use 4 × 1299 = 5196, idle 6 × 1299 = 7794.
    expect(atlas).toMatchObject({ unitPriceMinor: 1299, valueInUseMinor: 5196, valueIdleMinor: 7794 });
    // Books: 5 bought, 2 in use, 3 free at €5.00 → in use 1000, idle 1500.
    expect(books).toMatchObject({ unitPriceMinor: 500, valueInUseMinor: 1000, valueIdleMinor: 1500 });
    // Totals 5196 + 1000 = 6196 in use, 7794 + 1500 = 9294 idle; all of it charged to "schools".
    expect(report.body.totals).toMatchObject({ valueInUseMinor: 6196, valueIdleMinor: 9294 });
    expect(report.body.totals.costByCategory).toEqual([
      { category: 'schools', apps: 2, valueInUseMinor: 6196, valueIdleMinor: 9294 },
    ]);

    const csv = await product.admin.get('/api/reports/license-counts').query({ tokenId, format: 'csv' });
    const rows = parse(csv.text.replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
    const atlasRow = rows.find((row) => row.adamId === ATLAS)!;
    expect(atlasRow).toMatchObject({
      currency: 'EUR',
      unitPrice: '12.99',
      valueInUse: '51.96',
      valueIdle: '77.94',
    });
    expect(rows.find((row) => row.adamId === BOOKS)).toMatchObject({
      unitPrice: '5.00',
      valueInUse: '10.00',
    });
  });
});

describe('reclaim', () => {
  let reclaimId: string;

  it('lists the licenses of devices unseen for 30 days with the money they free; managers may look', async () => {
    const manager = await product.app.signedInAgent('manager');
    const list = await manager.get('/api/reclaim/candidates').query({ rule: 'DEVICE_NOT_SEEN', days: 30 });
    expect(list.status).toBe(200);
    expect(
      list.body.items.map((item: { adamId: string; assignee: string }) => `${item.adamId}:${item.assignee}`),
    ).toEqual([`${ATLAS}:OLD000001`, `${ATLAS}:OLD000002`, `${BOOKS}:OLD000001`, `${BOOKS}:OLD000002`]);
    // 2 × 1299 + 2 × 500.
    expect(list.body).toMatchObject({ total: 4, freedMinor: 3598, currency: 'EUR', days: 30 });
    expect(list.body.items[0]).toMatchObject({
      assigneeName: 'Old iPad 1',
      installed: false,
      priceMinor: 1299,
    });
    expect(list.body.items[0].reason).toMatch(/^last seen \d{4}-\d\d-\d\d$/);
    expect(list.body.items[0]).toMatchObject({ reasonCode: 'LAST_SEEN' });
    // With 9 days the iPad seen 10 days ago joins; the one never seen by an MDM never does.
    const nine = await manager.get('/api/reclaim/candidates').query({ rule: 'DEVICE_NOT_SEEN', days: 9 });
    expect(nine.body.total).toBe(5);
    // Every rule answers (those without days too); nothing here is unenrolled, removed or deviceless.
    for (const rule of ['DEVICE_GONE', 'PERSON_GONE', 'NOT_INSTALLED', 'PERSON_WITHOUT_DEVICE']) {
      const other = await manager.get('/api/reclaim/candidates').query({ rule, tokenId });
      expect(other.status, rule).toBe(200);
      expect(other.body.days).toBe(rule === 'NOT_INSTALLED' ? 30 : null);
    }
    const badRule = await manager.get('/api/reclaim/candidates').query({ rule: 'EVERYTHING' });
    expect(badRule.status).toBe(400);
    expect((await manager.post('/api/reclaim').send({ rule: 'DEVICE_NOT_SEEN', dryRun: true })).status).toBe(
      403,
    );
  });

  it('RECLAIM_AVAILABLE fires when a token has more candidates than the threshold', async () => {
    const rule = await product.admin.post('/api/alert-rules').send({
      name: 'Unseen iPads',
      kind: 'RECLAIM_AVAILABLE',
      threshold: { available: 3, reclaimRule: 'DEVICE_NOT_SEEN', days: 30 },
      channelIds: [],
    });
    expect(rule.status).toBe(201);
    const active = await waitFor(async () => {
      const list = await product.admin.get('/api/alerts/active');
      return list.body.items.find((item: { ruleId: string }) => item.ruleId === rule.body.id) ?? null;
    });
    expect(active).toMatchObject({ kind: 'RECLAIM_AVAILABLE', subjectType: 'TOKEN', subjectId: tokenId });
    expect(active.message).toBe('4 licenses could be reclaimed (rule DEVICE_NOT_SEEN)');
  });

  it('a dry run changes nothing; the reclaim frees the licenses at Apple, audited', async () => {
    const dry = await product.admin
      .post('/api/reclaim')
      .send({ rule: 'DEVICE_NOT_SEEN', days: 30, dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, reclaim: null, freedMinor: 3598, uninstalls: 0 });
    expect(dry.body.candidates).toHaveLength(4);
    expect(appleHolds(ATLAS, 'OLD000001')).toBe(true);
    expect(await product.app.database.prisma.reclaim.count()).toBe(0);

    const done = await product.admin.post('/api/reclaim').send({ rule: 'DEVICE_NOT_SEEN', days: 30 });
    expect(done.status).toBe(200);
    expect(done.body.reclaim).toMatchObject({
      rule: 'DEVICE_NOT_SEEN',
      days: 30,
      licenses: 4,
      freedMinor: 3598,
    });
    reclaimId = done.body.reclaim.id;
    await waitFor(
      async () =>
        !appleHolds(ATLAS, 'OLD000001') &&
        !appleHolds(ATLAS, 'OLD000002') &&
        !appleHolds(BOOKS, 'OLD000001') &&
        !appleHolds(BOOKS, 'OLD000002'),
    );
    expect(appleHolds(ATLAS, 'NEW000003')).toBe(true);
    expect(appleHolds(ATLAS, 'NEW000004')).toBe(true);
    expect(await counts(atlasId)).toEqual({ assigned: 2, available: 8 });
    expect(await counts(booksId)).toEqual({ assigned: 0, available: 5 });
    const again = await product.admin
      .get('/api/reclaim/candidates')
      .query({ rule: 'DEVICE_NOT_SEEN', days: 30 });
    expect(again.body.total).toBe(0);
    const audit = await product.app.database.prisma.auditEntry.findFirst({
      where: { action: 'license.reclaimed', targetId: reclaimId },
    });
    expect(audit?.summary).toContain('Reclaimed 4 licenses');
    const list = await product.admin.get('/api/reclaims');
    expect(list.body.items[0]).toMatchObject({ id: reclaimId, undoneAt: null });
    expect(
      new Date(list.body.items[0].undoUntil).getTime() - new Date(list.body.items[0].createdAt).getTime(),
    ).toBe(7 * DAY);
  });

  it('undo assigns the licenses again at Apple; a second undo is refused', async () => {
    const manager = await product.app.signedInAgent('manager');
    expect((await manager.post(`/api/reclaims/${reclaimId}/undo`)).status).toBe(403);
    const undone = await product.admin.post(`/api/reclaims/${reclaimId}/undo`);
    expect(undone.status).toBe(200);
    expect(undone.body.undoneAt).not.toBeNull();
    expect(undone.body.undoUntil).toBeNull();
    await waitFor(
      async () =>
        appleHolds(ATLAS, 'OLD000001') &&
        appleHolds(ATLAS, 'OLD000002') &&
        appleHolds(BOOKS, 'OLD000001') &&
        appleHolds(BOOKS, 'OLD000002'),
    );
    expect(await counts(atlasId)).toEqual({ assigned: 4, available: 6 });
    expect(await counts(booksId)).toEqual({ assigned: 2, available: 3 });
    const twice = await product.admin.post(`/api/reclaims/${reclaimId}/undo`);
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('RECLAIM_ALREADY_UNDONE');
    expect(twice.headers['content-type']).toContain('application/problem+json');
  });

  it('undo answers a clear problem when the licenses are gone or the 7 days are over', async () => {
    const list = await product.admin
      .get('/api/reclaim/candidates')
      .query({ rule: 'DEVICE_NOT_SEEN', days: 30 });
    const books = list.body.items.filter((item: { adamId: string }) => item.adamId === BOOKS);
    const done = await product.admin
      .post('/api/reclaim')
      .send({ candidateIds: books.map((item: { id: string }) => item.id) });
    expect(done.body.reclaim.licenses).toBe(2);
    const prisma = product.app.database.prisma;
    // Meanwhile every free license of Books went elsewhere.
    await prisma.storeApp.update({ where: { id: booksId }, data: { availableCount: 1 } });
    const short = await product.admin.post(`/api/reclaims/${done.body.reclaim.id}/undo`);
    expect(short.status).toBe(409);
    expect(short.body.code).toBe('RECLAIM_LICENSES_NOT_FREE');
    expect(short.body.shortfalls).toEqual([{ storeAppId: booksId, appName: 'Books', needed: 2, free: 1 }]);

    await prisma.reclaim.update({
      where: { id: done.body.reclaim.id },
      data: { createdAt: new Date(Date.now() - 8 * DAY) },
    });
    const late = await product.admin.post(`/api/reclaims/${done.body.reclaim.id}/undo`);
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('RECLAIM_UNDO_EXPIRED');
    const unknown = await product.admin.post('/api/reclaim').send({ candidateIds: ['nonsense'] });
    expect(unknown.status).toBe(400);
  });

  it('a scheduled rule reclaims by itself', async () => {
    const manager = await product.app.signedInAgent('manager');
    expect((await manager.put('/api/reclaim/schedule').send({ rules: [] })).status).toBe(403);
    const schedule = await product.admin
      .put('/api/reclaim/schedule')
      .send({ rules: [{ rule: 'DEVICE_NOT_SEEN', days: 30 }] });
    expect(schedule.body).toEqual({ rules: [{ rule: 'DEVICE_NOT_SEEN', days: 30 }] });
    const worker = await product.startWorker();
    await worker.fire('run-scheduled-reclaims');
    // The reclaim row is written before Apple is asked, its licenses after each app's release.
    const latest = await waitFor(async () => {
      const list = await product.admin.get('/api/reclaims');
      return list.body.items[0]?.licenses === 2 ? list.body.items[0] : null;
    });
    expect(latest).toMatchObject({ rule: 'DEVICE_NOT_SEEN', actorEmail: null, licenses: 2 });
    await waitFor(async () => !appleHolds(ATLAS, 'OLD000001') && !appleHolds(ATLAS, 'OLD000002'));
  });
});

describe('reclaim of an installed app', () => {
  it('removes the app first through an uninstall deployment, which then releases the license at Apple', async () => {
    const prisma = product.app.database.prisma;
    expect(
      (await product.admin.put('/api/apns-certificate').send({ certificate: makeApnsCertificate(60) }))
        .status,
    ).toBe(200);
    const applicationId = (await product.admin.post(`/api/store-apps/${atlasId}/applications`).send({})).body
      .id;
    const device = await prisma.device.create({ data: { serialNumber: 'INST00001', name: 'Lab iPad' } });
    const collection = await prisma.collection.create({ data: { name: 'Installed lab', type: 'DEVICE' } });
    await prisma.collectionDevice.create({ data: { collectionId: collection.id, deviceId: device.id } });
    const install = await product.admin
      .post('/api/deployments')
      .send({ applicationId, collectionId: collection.id, action: 'INSTALL', purpose: 'REQUIRED' });
    expect(install.status).toBe(201);
    await waitFor(async () => {
      const states = await product.admin.get(`/api/deployments/${install.body.id}`);
      return states.body.counts.INSTALLED === 1;
    }, 30_000);
    expect(appleHolds(ATLAS, 'INST00001')).toBe(true);
    await prisma.device.update({
      where: { id: device.id },
      data: { lastSeenAt: new Date(Date.now() - 45 * DAY) },
    });

    const list = await product.admin
      .get('/api/reclaim/candidates')
      .query({ rule: 'DEVICE_NOT_SEEN', days: 30 });
    const candidate = list.body.items.find((item: { assignee: string }) => item.assignee === 'INST00001');
    expect(candidate).toMatchObject({ installed: true, appName: 'Atlas' });
    const done = await product.admin.post('/api/reclaim').send({ candidateIds: [candidate.id] });
    expect(done.status).toBe(200);
    expect(done.body.uninstalls).toBe(1);
    const [item] = done.body.reclaim.items;
    expect(item).toMatchObject({ method: 'UNINSTALL_DEPLOYMENT', assignee: 'INST00001' });
    const uninstall = await prisma.deployment.findUniqueOrThrow({ where: { id: item.deploymentId } });
    expect(uninstall.action).toBe('UNINSTALL');
    // The uninstall removes the app, then gives the license back.
    await waitFor(async () => !appleHolds(ATLAS, 'INST00001'), 30_000);
    await waitFor(async () => {
      const states = await product.admin.get(`/api/deployments/${item.deploymentId}`);
      return states.body.counts.LICENSE_RELEASED === 1;
    }, 30_000);
    // While it runs and after, the license is no candidate again.
    const again = await product.admin
      .get('/api/reclaim/candidates')
      .query({ rule: 'DEVICE_NOT_SEEN', days: 30 });
    expect(again.body.items.some((entry: { assignee: string }) => entry.assignee === 'INST00001')).toBe(
      false,
    );
  }, 90_000);
});
