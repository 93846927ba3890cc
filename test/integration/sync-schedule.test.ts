import { scheduledSyncJob } from '@vpp/core/jobs/jobs';
import { scheduleSyncs, tokenOffsetMs } from '@vpp/core/sync/sync-schedule';
import type { RunningWorker } from '@vpp/worker/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appleState, heldState, type ProductUnderTest, startProduct, waitFor } from './product-under-test.ts';

let product: ProductUnderTest;
let _worker: RunningWorker;
beforeAll(async () => {
  product = await startProduct();
  _worker = await product.startWorker();
});
afterAll(() => product.close());

const schedule = { cron: '0 6,18 * * *', spreadMs: 0 };

async function addSyncedToken(name: string) {
  const location = product.emulator.control.createLocation({
    orgName: 'Schedule Org',
    locationName: name,
    type: 'BUSINESS',
    assets: [
      { adamId: '700000001', count: 20, deviceAssignable: true },
      { adamId: '700000002', count: 10, deviceAssignable: false },
    ],
    users: [{ clientUserId: 'u-1', status: 'Associated' }],
    assignments: [
      { adamId: '700000001', serialNumber: 'S-1' },
      { adamId: '700000002', clientUserId: 'u-1' },
    ],
  });
  const request = product.admin.post('/api/tokens');
  for (const [key, value] of Object.entries({ name, appleId: 'it@example.test', type: 'BUSINESS' }))
    request.field(key, value);
  const uploaded = await request.attach('token', Buffer.from(location.vppToken), 'file.vpptoken');
  expect(uploaded.status).toBe(201);
  await waitForRun(uploaded.body.activeSyncRun.id);
  return { location, tokenId: uploaded.body.id as string };
}

async function waitForRun(id: string) {
  return waitFor(async () => {
    const run = await product.app.database.prisma.syncRun.findUniqueOrThrow({ where: { id } });
    return run.status === 'SUCCEEDED' || run.status === 'FAILED' ? run : null;
  });
}

/** Runs the scheduler now and waits for the scheduled run of this token. */
async function scheduledRunOf(tokenId: string) {
  const before = await product.app.database.prisma.syncRun.count({ where: { tokenId } });
  await scheduleSyncs(product.app.database.prisma, schedule, new Date());
  const run = await waitFor(async () =>
    product.app.database.prisma.syncRun
      .findFirst({ where: { tokenId, trigger: 'SCHEDULE' }, skip: 0, orderBy: { queuedAt: 'desc' } })
      .then(async (found) =>
        (await product.app.database.prisma.syncRun.count({ where: { tokenId } })) > before ? found : null,
      ),
  );
  return waitForRun(run.id);
}

describe('scheduled syncs', () => {
  it('are incremental after a full sync, pick up what changed, and keep the token equal to Apple', async () => {
    const { location, tokenId } = await addSyncedToken('Incremental');
    product.emulator.control.purchase(location.locationId, { adamId: '700000002', count: 4 });
    product.emulator.control.changeAssignments(location.locationId, {
      add: [{ adamId: '700000001', serialNumber: 'S-2' }],
    });
    const run = await scheduledRunOf(tokenId);
    expect(run).toMatchObject({
      kind: 'INCREMENTAL',
      trigger: 'SCHEDULE',
      status: 'SUCCEEDED',
      countsChanged: 2,
      assignmentsAdded: 1,
    });
    expect(await heldState(product.app, tokenId)).toEqual(appleState(product.emulator, location.locationId));
    const token = await product.app.database.prisma.vppToken.findUniqueOrThrow({ where: { id: tokenId } });
    expect(token.nextSyncAt!.getTime()).toBeGreaterThan(Date.now());
  });

  it('make an incremental sync with nothing changed with the asset pages and two more requests at most', async () => {
    const { location, tokenId } = await addSyncedToken('Quiet');
    await scheduledRunOf(tokenId);
    product.emulator.control.clearRequests();
    const run = await scheduledRunOf(tokenId);
    expect(run.kind).toBe('INCREMENTAL');
    const calls = product.emulator.control.requests({ locationId: location.locationId, limit: 1000 });
    const assetPages = calls.filter((call) => call.path.endsWith('/assets')).length;
    expect(assetPages).toBeGreaterThan(0);
    expect(calls.length).toBeLessThanOrEqual(assetPages + 2);
    expect([run.assignmentsAdded, run.assignmentsRemoved, run.appsAdded, run.countsChanged]).toEqual([
      0, 0, 0, 0,
    ]);
  });

  it('are full when the last full sync is a week old', async () => {
    const { tokenId } = await addSyncedToken('Weekly');
    await product.app.database.prisma.vppToken.update({
      where: { id: tokenId },
      data: { lastFullSyncAt: new Date(Date.now() - 8 * 24 * 3600 * 1000) },
    });
    expect((await scheduledRunOf(tokenId)).kind).toBe('FULL');
  });

  it('leave out tokens that are revoked, expired or held by another MDM', async () => {
    const { tokenId } = await addSyncedToken('Revoked one');
    await product.app.database.prisma.vppToken.update({
      where: { id: tokenId },
      data: { revokedAt: new Date() },
    });
    await scheduleSyncs(product.app.database.prisma, schedule, new Date());
    const jobs = await product.app.database.prisma.$queryRaw<{ count: bigint }[]>`
      SELECT count(*) FROM graphile_worker.jobs WHERE task_identifier = ${scheduledSyncJob.id} AND key = ${`scheduled-sync:${tokenId}`}`;
    expect(Number(jobs[0]?.count)).toBe(0);
  });

  it('spread tokens over the window at fixed offsets', () => {
    const window = 60 * 60 * 1000;
    const offsets = Array.from({ length: 3000 }, (_, index) => tokenOffsetMs(`token-${index}`, window));
    expect(Math.min(...offsets)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...offsets)).toBeLessThan(window);
    const perQuarter = [0, 1, 2, 3].map(
      (quarter) => offsets.filter((offset) => Math.floor(offset / (window / 4)) === quarter).length,
    );
    for (const count of perQuarter) expect(count).toBeGreaterThan(600);
    expect(tokenOffsetMs('token-1', window)).toBe(tokenOffsetMs('token-1', window));
  });
});

describe('stale data and database restores', () => {
  it('recommends a manual sync when the database was restored to before the last full sync', async () => {
    const { location, tokenId } = await addSyncedToken('Restored');
    // The full sync is recorded at Apple just after the run commits (Apple may only ever be behind us).
    await waitFor(async () =>
      /^last full sync /.test(
        product.emulator.control.describeLocation(location.locationId).mdmInfo?.metadata ?? '',
      )
        ? true
        : null,
    );
    expect((await product.admin.get('/api/sync-health')).body.tokens).not.toContainEqual(
      expect.objectContaining({ tokenId }),
    );
    // A restore puts the database back in time: its last full sync is older than the one Apple remembers.
    await product.app.database.prisma.vppToken.update({
      where: { id: tokenId },
      data: { lastFullSyncAt: new Date(Date.now() - 2 * 24 * 3600 * 1000) },
    });
    expect((await scheduledRunOf(tokenId)).kind).toBe('INCREMENTAL');
    const health = await product.admin.get('/api/sync-health');
    expect(health.body.recommendManualSync).toBe(true);
    expect(health.body.tokens).toContainEqual(expect.objectContaining({ tokenId, reason: 'RESTORED' }));
    const token = await product.admin.get(`/api/tokens/${tokenId}`);
    expect(token.body.restoreSuspectedAt).not.toBeNull();

    const manual = await product.admin.post(`/api/tokens/${tokenId}/sync`);
    await waitForRun(manual.body.syncRunId);
    expect((await product.admin.get('/api/sync-health')).body.tokens).not.toContainEqual(
      expect.objectContaining({ tokenId }),
    );
  });

  it('calls data stale when the last successful sync is older than twice the schedule interval', async () => {
    const { tokenId } = await addSyncedToken('Stale');
    await product.app.database.prisma.vppToken.update({
      where: { id: tokenId },
      data: { lastSuccessfulSyncAt: new Date(Date.now() - 25 * 3600 * 1000) },
    });
    const health = await product.admin.get('/api/sync-health');
    expect(health.body.staleAfterHours).toBe(24);
    expect(health.body.tokens).toContainEqual(expect.objectContaining({ tokenId, reason: 'STALE' }));
    await product.app.database.prisma.vppToken.update({
      where: { id: tokenId },
      data: { lastSuccessfulSyncAt: new Date(Date.now() - 23 * 3600 * 1000) },
    });
    expect((await product.admin.get('/api/sync-health')).body.tokens).not.toContainEqual(
      expect.objectContaining({ tokenId }),
    );
  });
});
