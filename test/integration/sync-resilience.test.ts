import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appleState, heldState, type ProductUnderTest, startProduct, waitFor } from './product-under-test.ts';

// Crash safety, Apple's faults and several workers: the sync must end with the database equal to
// Apple's state, whatever happens on the way.

const workerMain = path.resolve(import.meta.dirname, '../../apps/worker/src/main.ts');
let product: ProductUnderTest;
const children: ChildProcess[] = [];

beforeAll(async () => {
  product = await startProduct({ emulatorOptions: { pageSizes: { assignments: 250, assets: 20 } } });
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await product.close();
});

/** A worker in its own process, as production runs it, so it can be killed outright. */
function spawnWorker(): { child: ChildProcess; output: () => string } {
  const { config } = product.app;
  const child = spawn(process.execPath, ['--import', 'tsx', workerMain], {
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: config.DATABASE_URL,
      SESSION_SECRET: config.SESSION_SECRET,
      TOKEN_ENCRYPTION_KEY: config.TOKEN_ENCRYPTION_KEY,
      APPLE_VPP_BASE_URL: config.APPLE_VPP_BASE_URL,
      SYNC_LEASE_SECONDS: '1',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return { child, output: () => output };
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

async function uploadLocation(name: string, assignments: number, assets = 30) {
  const appIds = Array.from({ length: assets }, (_, index) => String(500_000_000 + index));
  const userCount = Math.ceil(assignments / appIds.length) + 1;
  const location = product.emulator.control.createLocation({
    users: Array.from({ length: userCount }, (_, index) => ({
      clientUserId: `user-${index}`,
      status: 'Associated' as const,
    })),
    orgName: 'Resilience Org',
    locationName: name,
    type: 'BUSINESS',
    assets: appIds.map((adamId, index) => ({ adamId, count: 100_000, deviceAssignable: index % 3 !== 0 })),
    assignments: Array.from({ length: assignments }, (_, index) => {
      const adamId = appIds[index % appIds.length] ?? '500000000';
      return index % 3 === 0
        ? { adamId, clientUserId: `user-${Math.floor(index / appIds.length)}` }
        : { adamId, serialNumber: `SER${String(Math.floor(index / appIds.length)).padStart(8, '0')}` };
    }),
  });
  const request = product.admin.post('/api/tokens');
  for (const [key, value] of Object.entries({ name, appleId: 'it@example.test', type: 'BUSINESS' }))
    request.field(key, value);
  const response = await request.attach('token', Buffer.from(location.vppToken), 'file.vpptoken');
  expect(response.status).toBe(201);
  return {
    location,
    tokenId: response.body.id as string,
    syncRunId: response.body.activeSyncRun.id as string,
  };
}

async function runOf(id: string) {
  return product.app.database.prisma.syncRun.findUniqueOrThrow({ where: { id } });
}

/** A small deterministic PRNG, so a failing kill sequence can be replayed. */
function seeded(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('sync resilience', () => {
  it('loses nothing and duplicates nothing when the worker is SIGKILLed at 10 random points', async () => {
    const { location, tokenId, syncRunId } = await uploadLocation('Crash campus', 60_000);
    product.emulator.control.setFaults({ latencyMs: 30 });
    const random = seeded(20261124);
    const killPoints: number[] = [];
    for (let kill = 0; kill < 10; kill += 1) {
      const worker = spawnWorker();
      // Wait until this worker is inside the sync (a page beyond the last one committed), then kill it.
      const pagesBefore = (await runOf(syncRunId)).pagesFetched;
      await waitFor(
        async () => (await runOf(syncRunId)).pagesFetched > pagesBefore || worker.output().includes('error'),
        30_000,
      );
      await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 150)));
      await killed(worker.child);
      const run = await runOf(syncRunId);
      killPoints.push(run.pagesFetched);
      if (run.status === 'SUCCEEDED') break;
      // The crashed worker's lease runs out; asking again resumes the same run.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const again = await product.admin.post(`/api/tokens/${tokenId}/sync`);
      expect(again.body.syncRunId).toBe(syncRunId);
    }
    expect(killPoints.length).toBeGreaterThanOrEqual(10);
    product.emulator.control.resetFaults();
    const finisher = spawnWorker();
    await waitFor(async () => (await runOf(syncRunId)).status === 'SUCCEEDED', 60_000);
    await killed(finisher.child);
    const run = await runOf(syncRunId);
    expect(run.attempts).toBeGreaterThanOrEqual(10);
    expect(run.assignmentsAdded).toBe(60_000);
    expect(run.appsAdded).toBe(30);
    expect(await heldState(product.app, tokenId)).toEqual(appleState(product.emulator, location.locationId));

    // And a sync after all that finds nothing to change.
    const worker = spawnWorker();
    const next = await product.admin.post(`/api/tokens/${tokenId}/sync`);
    await waitFor(async () => (await runOf(next.body.syncRunId)).status === 'SUCCEEDED', 60_000);
    await killed(worker.child);
    const quiet = await runOf(next.body.syncRunId);
    expect([quiet.assignmentsAdded, quiet.assignmentsRemoved, quiet.appsAdded, quiet.countsChanged]).toEqual([
      0, 0, 0, 0,
    ]);
    expect(await heldState(product.app, tokenId)).toEqual(appleState(product.emulator, location.locationId));
  }, 180_000);

  it('completes under 20% 429 and 10% 503 with Retry-After, never calling Apple before Retry-After passed', async () => {
    const { location, tokenId, syncRunId } = await uploadLocation('Faulty campus', 3_000, 45);
    product.emulator.control.clearRequests();
    product.emulator.control.setFaults({ rate429: 0.2, rate5xx: 0.1, retryAfterSeconds: 1 });
    const worker = await product.startWorker();
    try {
      await waitFor(async () => ['SUCCEEDED', 'FAILED'].includes((await runOf(syncRunId)).status), 90_000);
    } finally {
      await worker.stop();
      product.emulator.control.resetFaults();
    }
    expect((await runOf(syncRunId)).status).toBe('SUCCEEDED');
    expect(await heldState(product.app, tokenId)).toEqual(appleState(product.emulator, location.locationId));

    // Injected faults answer before the token is read, so they carry no location: take every call.
    const requests = product.emulator.control
      .requests({ limit: 10_000 })
      .filter((entry) => !entry.path.startsWith('/service'))
      .map((entry) => ({
        ...entry,
        start: Date.parse(entry.time),
        end: Date.parse(entry.time) + entry.durationMs,
      }));
    const refused = requests.filter((entry) => entry.status === 429 || entry.status === 503);
    expect(refused.length).toBeGreaterThan(0);
    for (const refusal of refused) {
      // Pages already asked for while the 429 was on its way back are not "sent after" it: allow the
      // answer 50 ms to reach the worker, whose event loop is busy writing pages.
      const tooEarly = requests.filter(
        (entry) => entry.start > refusal.end + 50 && entry.start < refusal.end + 1000 - 5,
      );
      expect(tooEarly, `request within Retry-After of the ${refusal.status} at ${refusal.time}`).toEqual([]);
    }
  }, 120_000);

  it('fails a run whose token is revoked mid-sync, keeping the committed pages consistent', async () => {
    const { location, tokenId, syncRunId } = await uploadLocation('Revoked midway', 20_000);
    product.emulator.control.setFaults({ latencyMs: 40 });
    const worker = await product.startWorker();
    try {
      await waitFor(async () => (await runOf(syncRunId)).pagesFetched >= 2, 30_000);
      product.emulator.control.revokeToken(location.locationId);
      await waitFor(async () => ['SUCCEEDED', 'FAILED'].includes((await runOf(syncRunId)).status), 30_000);
    } finally {
      await worker.stop();
      product.emulator.control.resetFaults();
    }
    const run = await runOf(syncRunId);
    expect(run).toMatchObject({ status: 'FAILED', errorCode: 'TOKEN_REVOKED' });
    expect((await product.admin.get(`/api/tokens/${tokenId}`)).body.status).toBe('REVOKED');
    const held = await heldState(product.app, tokenId);
    const apple = appleState(product.emulator, location.locationId);
    // What was committed is whole pages of Apple's truth, counted exactly once.
    expect(held.assignments.length).toBe(run.assignmentsAdded);
    expect(held.assignments.length).toBeGreaterThan(0);
    expect(held.assignments.length).toBeLessThan(apple.assignments.length);
    const appleSet = new Set(apple.assignments);
    expect(held.assignments.every((key) => appleSet.has(key))).toBe(true);
    expect(held.assets).toEqual(apple.assets);
  }, 60_000);

  it('runs one sync of a token at a time with two worker processes and ten sync requests', async () => {
    const { location, tokenId, syncRunId } = await uploadLocation('Busy campus', 4_000);
    const workers = [spawnWorker(), spawnWorker()];
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => product.admin.post(`/api/tokens/${tokenId}/sync`)),
    );
    expect(new Set(answers.map((answer) => answer.body.syncRunId))).toEqual(new Set([syncRunId]));
    await waitFor(async () => (await runOf(syncRunId)).status === 'SUCCEEDED', 60_000);
    const more = [];
    for (let round = 0; round < 3; round += 1) {
      const response = await product.admin.post(`/api/tokens/${tokenId}/sync`);
      more.push(response.body.syncRunId);
      await waitFor(async () => (await runOf(response.body.syncRunId)).status === 'SUCCEEDED', 60_000);
    }
    for (const worker of workers) await killed(worker.child);
    const runs = await product.app.database.prisma.syncRun.findMany({
      where: { tokenId },
      orderBy: { startedAt: 'asc' },
    });
    expect(runs).toHaveLength(4);
    for (let index = 1; index < runs.length; index += 1) {
      expect(runs[index]!.startedAt!.getTime()).toBeGreaterThanOrEqual(
        runs[index - 1]!.finishedAt!.getTime(),
      );
    }
    expect(await heldState(product.app, tokenId)).toEqual(appleState(product.emulator, location.locationId));
  }, 120_000);
});
