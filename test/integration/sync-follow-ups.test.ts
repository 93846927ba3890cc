import { createLogger } from '@vpp/core/logging';
import { buildServices, syncDepsFrom } from '@vpp/core/services/services';
import { runTokenSync } from '@vpp/core/sync/run-token-sync';
import { takeLease } from '@vpp/core/sync/sync-run-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProductUnderTest, startProduct, waitFor } from './product-under-test.ts';

// What happens around a sync: follow-up work queued in its final transaction, and a run whose
// worker died picked up again within its lease and a few seconds.

let product: ProductUnderTest;
beforeAll(async () => {
  product = await startProduct();
});
afterAll(() => product.close());

async function uploadToken(name: string) {
  const location = product.emulator.control.createLocation({
    orgName: 'Follow-up Org',
    locationName: name,
    type: 'BUSINESS',
    assets: [{ adamId: '710000001', count: 20, deviceAssignable: true }],
    users: [],
    assignments: [{ adamId: '710000001', serialNumber: 'F-1' }],
  });
  const request = product.admin.post('/api/tokens');
  for (const [key, value] of Object.entries({ name, appleId: 'it@example.test', type: 'BUSINESS' }))
    request.field(key, value);
  const uploaded = await request.attach('token', Buffer.from(location.vppToken), 'file.vpptoken');
  expect(uploaded.status).toBe(201);
  return {
    location,
    tokenId: uploaded.body.id as string,
    syncRunId: uploaded.body.activeSyncRun.id as string,
  };
}

function syncDeps() {
  const services = buildServices(product.app.config, {
    database: product.app.database,
    logger: createLogger('silent', 'test'),
  });
  return syncDepsFrom(services);
}

/** The waiting shortfall-retry jobs of a token, with the finish time of its latest successful run. */
async function shortfallJobs(tokenId: string) {
  return product.app.database.prisma.$queryRaw<{ created_at: Date; finished_at: Date | null }[]>`
    SELECT j.created_at,
           (SELECT max(r.finished_at) FROM sync_runs r WHERE r.token_id = ${tokenId}::uuid AND r.status = 'SUCCEEDED')
             AS finished_at
      FROM graphile_worker.jobs j
     WHERE j.task_identifier = 'retry-license-shortfalls' AND j.key = ${`license-shortfalls:${tokenId}`}`;
}

describe('sync follow-ups', () => {
  it("queues the shortfall retry in the sync's final transaction when store apps changed, and not otherwise", async () => {
    const { location, tokenId, syncRunId } = await uploadToken('Follow-up campus');
    // No worker runs: the sync is run here, and the queued job stays visible.
    const outcome = await runTokenSync(syncDeps(), syncRunId, { number: 1, isLast: false });
    expect(outcome).toEqual({ result: 'succeeded' });
    const [job] = await shortfallJobs(tokenId);
    expect(job).toBeDefined();
    // now() is the transaction's start: the same instant on both rows means one transaction.
    expect(
      Math.abs((job?.created_at.getTime() ?? 0) - (job?.finished_at?.getTime() ?? 0)),
    ).toBeLessThanOrEqual(1);

    await product.app.database.prisma.$executeRaw`
      DELETE FROM graphile_worker._private_jobs WHERE key = ${`license-shortfalls:${tokenId}`}`;
    const quiet = await product.admin.post(`/api/tokens/${tokenId}/sync`);
    expect(await runTokenSync(syncDeps(), quiet.body.syncRunId, { number: 1, isLast: false })).toEqual({
      result: 'succeeded',
    });
    expect(await shortfallJobs(tokenId)).toEqual([]);

    product.emulator.control.purchase(location.locationId, { adamId: '710000001', count: 5 });
    const bought = await product.admin.post(`/api/tokens/${tokenId}/sync`);
    await runTokenSync(syncDeps(), bought.body.syncRunId, { number: 1, isLast: false });
    expect(await shortfallJobs(tokenId)).toHaveLength(1);
  });

  it('resumes a run whose worker died within SYNC_LEASE_SECONDS and a few seconds', async () => {
    const { syncRunId } = await uploadToken('Crashed campus');
    const leaseMs = product.app.config.SYNC_LEASE_SECONDS * 1000;
    const { pool } = product.app.database;
    // A worker took the run's job and the run, then died: its job stays locked, its lease runs out.
    // (The job is locked before this test's worker starts, the lease taken after: only the
    // recurring check, not the worker's start, can pick the run up again.)
    await pool.query(
      `UPDATE graphile_worker._private_jobs SET locked_at = now(), locked_by = 'dead-worker' WHERE key = $1`,
      [`sync-run:${syncRunId}`],
    );
    await product.startWorker();
    expect(await takeLease(pool, syncRunId, 'dead-worker', leaseMs)).not.toBeNull();
    const leaseEnds = Date.now() + leaseMs;
    const resumed = await waitFor(async () => {
      const run = await product.app.database.prisma.syncRun.findUniqueOrThrow({ where: { id: syncRunId } });
      return run.attempts >= 2 ? Date.now() : null;
    }, 30_000);
    // The check runs every 5 s and the queue polls every second; 3 s more for a busy machine.
    expect(resumed - leaseEnds).toBeLessThan(9_000);
    await waitFor(
      async () =>
        (await product.app.database.prisma.syncRun.findUniqueOrThrow({ where: { id: syncRunId } })).status ===
        'SUCCEEDED',
    );
  }, 60_000);
});
