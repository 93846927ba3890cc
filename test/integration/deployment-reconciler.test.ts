import { randomBytes } from 'node:crypto';
import { createVppClientFactory } from '@vpp/apple-vpp-client';
import { DeploymentLeaseLostError, inLeasedTransaction } from '@vpp/core/deployments/deployment-lease';
import {
  releaseDeploymentLease,
  stalledDeployments,
  takeDeploymentLease,
} from '@vpp/core/deployments/deployment-store';
import { progressDeployment } from '@vpp/core/deployments/progress-deployment';
import { reconcileDeployments } from '@vpp/core/deployments/reconcile-deployments';
import { createLogger } from '@vpp/core/logging';
import { createTokenCipher } from '@vpp/core/tokens/token-cipher';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../apps/api/test/test-app.ts';

// The deployment reconciler and the lease on a deployment's step, against a real database: what
// the chaos tests (test/chaos) reach through outages, here one rule at a time.

let t: TestApp;
let storeAppId: string;
let applicationId: string;
let collectionId: string;
const deviceIds: string[] = [];

function deps() {
  return {
    database: t.database,
    cipher: createTokenCipher(t.config.TOKEN_ENCRYPTION_KEY),
    // Nothing here reaches Apple: no stale events, no intents.
    appleClients: createVppClientFactory({ baseUrl: 'http://127.0.0.1:9/mdm/v2' }),
    mdmGateway: null,
    logger: createLogger('silent', 'reconciler-test'),
    config: { DEPLOYMENT_LEASE_SECONDS: 30, DEPLOYMENT_RECHECK_SECONDS: 120 },
  };
}

async function deployment(
  status: 'ACTIVE' | 'STOPPED',
  targets: {
    state: 'PENDING' | 'LICENSED' | 'INSTALLED' | 'FAILED';
    reserved: boolean;
    errorCode?: string;
  }[],
) {
  const created = await t.database.prisma.deployment.create({
    data: { applicationId, collectionId, action: 'INSTALL', purpose: 'REQUIRED', status },
  });
  for (const [index, target] of targets.entries()) {
    await t.database.prisma.deploymentTarget.create({
      data: {
        deploymentId: created.id,
        deviceId: deviceIds[index]!,
        licenseType: 'DEVICE',
        assignee: `SERIAL${index}`,
        state: target.state,
        reserved: target.reserved,
        errorCode: target.errorCode ?? null,
      },
    });
  }
  return created.id;
}

beforeAll(async () => {
  t = await startTestApp();
  const prisma = t.database.prisma;
  const token = await prisma.vppToken.create({
    data: {
      name: 'Reconciler',
      appleId: 'vpp@example.test',
      type: 'BUSINESS',
      orgName: 'Example Org',
      locationUid: `location-${randomBytes(6).toString('hex')}`,
      sTokenEncrypted: randomBytes(32),
      sTokenSha256: randomBytes(32).toString('hex'),
      expiresAt: new Date(Date.now() + 180 * 86_400_000),
    },
  });
  const storeApp = await prisma.storeApp.create({
    data: {
      tokenId: token.id,
      adamId: '361309726',
      pricingParam: 'STDQ',
      productType: 'APP',
      deviceAssignable: true,
      totalCount: 10,
      assignedCount: 0,
      availableCount: 10,
      retiredCount: 0,
    },
  });
  storeAppId = storeApp.id;
  applicationId = (await prisma.application.create({ data: { name: 'Pages', storeAppId } })).id;
  collectionId = (await prisma.collection.create({ data: { name: 'iPads', type: 'DEVICE' } })).id;
  for (let index = 0; index < 4; index += 1) {
    const device = await prisma.device.create({ data: { serialNumber: `SERIAL${index}` } });
    deviceIds.push(device.id);
    await prisma.collectionDevice.create({ data: { collectionId, deviceId: device.id } });
  }
});

afterAll(() => t.close());

describe('the deployment reconciler', () => {
  it('releases reservations no claim can use any more and sets the reserved count to what targets hold', async () => {
    const active = await deployment('ACTIVE', [
      { state: 'PENDING', reserved: true },
      { state: 'LICENSED', reserved: true },
      { state: 'FAILED', reserved: true, errorCode: 'DEVICE_FAILED' },
    ]);
    await deployment('STOPPED', [{ state: 'PENDING', reserved: true }]);
    // The app's count drifted from its targets (a crash between two statements of an older build).
    await t.database.prisma.storeApp.update({ where: { id: storeAppId }, data: { reservedCount: 7 } });

    const fixes = await reconcileDeployments(deps());
    expect(fixes).toMatchObject({ reservations_released: 3, reserved_counts_fixed: 1 });
    const targets = await t.database.prisma.deploymentTarget.findMany({
      where: { deploymentId: active },
      orderBy: { assignee: 'asc' },
    });
    // The pending claim keeps its reservation; the states stay.
    expect(targets.map((target) => [target.state, target.reserved])).toEqual([
      ['PENDING', true],
      ['LICENSED', false],
      ['FAILED', false],
    ]);
    const app = await t.database.prisma.storeApp.findUniqueOrThrow({ where: { id: storeAppId } });
    expect(app.reservedCount).toBe(1);
    const counted = await t.database.prisma.deploymentReconcilerFix.findUniqueOrThrow({
      where: { kind: 'reservations_released' },
    });
    expect(Number(counted.count)).toBe(3);

    // Nothing more to fix: a second run changes nothing.
    expect(await reconcileDeployments(deps())).toMatchObject({
      reservations_released: 0,
      reserved_counts_fixed: 0,
    });
    await t.database.prisma.deployment.update({ where: { id: active }, data: { status: 'STOPPED' } });
    await reconcileDeployments(deps());
  });

  it('finishes an active deployment whose every target settled', async () => {
    const id = await deployment('ACTIVE', [
      { state: 'INSTALLED', reserved: false },
      { state: 'FAILED', reserved: false, errorCode: 'PLATFORM_NOT_SUPPORTED' },
    ]);
    const fixes = await reconcileDeployments(deps());
    expect(fixes.deployments_finished).toBeGreaterThanOrEqual(1);
    const row = await t.database.prisma.deployment.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe('FINISHED');
  });
});

describe("the lease on a deployment's step", () => {
  it('lets one worker step at a time, fences writes, and runs one more step when asked meanwhile', async () => {
    const id = await deployment('ACTIVE', [{ state: 'LICENSED', reserved: false }]);
    const pool = t.database.pool;
    expect(await takeDeploymentLease(pool, id, 'worker-a', 30_000)).toBe(true);
    // Another worker's step finds it held: it does nothing and asks the holder for one more step.
    expect(await progressDeployment(deps(), id)).toBe(false);
    expect(await stalledDeployments(pool)).not.toContain(id);
    // A step that lost its lease cannot commit.
    const stranger = { database: t.database, deploymentId: id, owner: 'worker-b', leaseMs: 30_000 };
    await expect(
      inLeasedTransaction(stranger, (tx) =>
        tx.query(`UPDATE deployment_targets SET state = 'INSTALLED' WHERE deployment_id = $1`, [id]),
      ),
    ).rejects.toBeInstanceOf(DeploymentLeaseLostError);
    const target = await t.database.prisma.deploymentTarget.findFirstOrThrow({ where: { deploymentId: id } });
    expect(target.state).toBe('LICENSED');
    expect(await releaseDeploymentLease(pool, id, 'worker-a', null)).toBe(true);
  });

  it('hands a deployment whose lease ran out (its worker died) to the resume job', async () => {
    const id = await deployment('ACTIVE', [{ state: 'LICENSED', reserved: false }]);
    await t.database.pool.query(
      `UPDATE deployment_targets SET updated_at = now() - interval '1 minute' WHERE deployment_id = $1`,
      [id],
    );
    expect(await takeDeploymentLease(t.database.pool, id, 'worker-dead', 50)).toBe(true);
    expect(await stalledDeployments(t.database.pool)).not.toContain(id);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await stalledDeployments(t.database.pool)).toContain(id);
    // Another worker takes it over.
    expect(await takeDeploymentLease(t.database.pool, id, 'worker-next', 30_000)).toBe(true);
  });
});
