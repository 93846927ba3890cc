import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appleState, heldState, type ProductUnderTest, startProduct, waitFor } from './product-under-test.ts';

let product: ProductUnderTest;
beforeAll(async () => {
  product = await startProduct();
  await product.startWorker();
});
afterAll(() => product.close());

const assets = [
  { adamId: '361309726', name: 'Pages', deviceAssignable: true, count: 50 },
  { adamId: '409183694', name: 'Keynote', deviceAssignable: true, count: 20 },
  { adamId: '1108187390', name: 'Swift Playgrounds', deviceAssignable: false, count: 10 },
  { adamId: '1459845124', name: 'A Book', productType: 'Book' as const, deviceAssignable: false, count: 5 },
];

function newLocation(name: string, extra: Record<string, unknown> = {}) {
  return product.emulator.control.createLocation({
    orgName: 'Example School',
    locationName: name,
    type: 'EDUCATION',
    assets,
    assignments: [
      { adamId: '361309726', serialNumber: 'C02AAA0001' },
      { adamId: '361309726', serialNumber: 'C02AAA0002' },
      { adamId: '409183694', clientUserId: 'user-1' },
    ],
    users: [{ clientUserId: 'user-1', email: 'one@example.test', status: 'Associated' }],
    ...extra,
  });
}

function upload(vppToken: string, fields: Record<string, string> = {}) {
  const request = product.admin.post('/api/tokens');
  const all = { name: 'Main campus', appleId: 'vpp@example.test', type: 'EDUCATION', ...fields };
  for (const [key, value] of Object.entries(all)) request.field(key, value);
  return request.attach('token', Buffer.from(vppToken), 'campus.vpptoken');
}

async function waitForRun(syncRunId: string) {
  return waitFor(async () => {
    const run = await product.admin.get(`/api/sync-runs/${syncRunId}`);
    return run.body.status === 'SUCCEEDED' || run.body.status === 'FAILED' ? run.body : null;
  });
}

describe('token upload and sync', () => {
  it('uploads a token, syncs it fully, and holds exactly what Apple holds', async () => {
    const location = newLocation('Main campus');
    const response = await upload(location.vppToken, {
      description: 'The big one',
      categories: 'schools, north ,schools',
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      name: 'Main campus',
      orgName: 'Example School',
      locationName: 'Main campus',
      type: 'EDUCATION',
      status: 'VALID',
      categories: ['north', 'schools'],
      activeSyncRun: { kind: 'FULL' },
    });
    expect(JSON.stringify(response.body)).not.toContain(location.vppToken);
    const run = await waitForRun(response.body.activeSyncRun.id);
    expect(run).toMatchObject({ status: 'SUCCEEDED', kind: 'FULL', trigger: 'UPLOAD' });
    expect(run.changes).toMatchObject({ appsAdded: 4, assignmentsAdded: 3, assignmentsRemoved: 0 });
    expect(await heldState(product.app, response.body.id)).toEqual(
      appleState(product.emulator, location.locationId),
    );

    const token = await product.admin.get(`/api/tokens/${response.body.id}`);
    expect(token.body.lastSuccessfulSyncAt).not.toBeNull();
    expect(token.body.activeSyncRun).toBeNull();
    const stored = await product.app.database.prisma.vppToken.findUniqueOrThrow({
      where: { id: response.body.id },
    });
    expect(Buffer.from(stored.sTokenEncrypted).toString('utf8')).not.toContain(location.vppToken);
    const pages = await product.app.database.prisma.storeApp.findFirstOrThrow({
      where: { tokenId: response.body.id, adamId: '361309726' },
    });
    expect(pages).toMatchObject({ name: 'Pages', deviceAssignable: true, productType: 'APP' });
  });

  it('records purchases, refunds and assignments made outside the console on the next sync', async () => {
    const location = newLocation('Second campus');
    const uploaded = await upload(location.vppToken, { name: 'Second campus' });
    await waitForRun(uploaded.body.activeSyncRun.id);
    product.emulator.control.purchase(location.locationId, { adamId: '409183694', count: 5 });
    product.emulator.control.purchase(location.locationId, { adamId: '1108187390', count: -3 });
    product.emulator.control.changeAssignments(location.locationId, {
      add: [
        { adamId: '409183694', clientUserId: 'user-1' },
        { adamId: '361309726', serialNumber: 'C02AAA0099' },
      ],
      remove: [{ adamId: '361309726', serialNumber: 'C02AAA0001' }],
    });
    const sync = await product.admin.post(`/api/tokens/${uploaded.body.id}/sync`);
    expect(sync.status).toBe(202);
    const run = await waitForRun(sync.body.syncRunId);
    expect(run).toMatchObject({ status: 'SUCCEEDED', kind: 'FULL', trigger: 'MANUAL' });
    // Pages gained one assignment and lost one: its counts did not move.
    expect(run.changes).toMatchObject({ countsChanged: 2, assignmentsAdded: 1, assignmentsRemoved: 1 });
    const changes = await product.admin.get(`/api/sync-runs/${sync.body.syncRunId}/changes`);
    const byKind = (kind: string, adamId: string) =>
      changes.body.items.find(
        (item: { kind: string; adamId: string }) => item.kind === kind && item.adamId === adamId,
      );
    expect(byKind('COUNT_CHANGED', '409183694')).toMatchObject({
      countBefore: 20,
      countAfter: 25,
      quantity: 5,
    });
    expect(byKind('COUNT_CHANGED', '1108187390')).toMatchObject({
      countBefore: 10,
      countAfter: 7,
      quantity: -3,
    });
    expect(byKind('ASSIGNMENTS_REMOVED', '361309726')).toMatchObject({ quantity: 1, appName: 'Pages' });
    expect(await heldState(product.app, uploaded.body.id)).toEqual(
      appleState(product.emulator, location.locationId),
    );
  });

  it('returns the queued run instead of queueing a second one', async () => {
    const location = newLocation('Third campus');
    // Apple answers slowly, so the upload's sync is still running while the requests come in.
    product.emulator.control.setFaults({ latencyMs: 400 });
    const uploaded = await upload(location.vppToken, { name: 'Third campus' });
    const again = await Promise.all(
      Array.from({ length: 5 }, () => product.admin.post(`/api/tokens/${uploaded.body.id}/sync`)),
    );
    const ids = new Set(again.map((response) => response.body.syncRunId));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toBe(uploaded.body.activeSyncRun.id);
    product.emulator.control.resetFaults();
    await waitForRun(uploaded.body.activeSyncRun.id);
  });

  it('refuses the same location twice', async () => {
    const location = newLocation('Fourth campus');
    expect((await upload(location.vppToken, { name: 'Fourth' })).status).toBe(201);
    const second = await upload(location.vppToken, { name: 'Fourth again' });
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('TOKEN_ALREADY_ADDED');
  });

  it('detects another MDM and takes over only when asked', async () => {
    const location = newLocation('Fifth campus', {
      mdmInfo: { id: 'other-mdm-id', name: 'Other MDM', metadata: '1' },
    });
    const before = await product.app.database.prisma.vppToken.count();
    const refused = await upload(location.vppToken, { name: 'Fifth' });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('TOKEN_IN_USE_ELSEWHERE');
    expect(refused.body.detail).toContain('Other MDM');
    expect(await product.app.database.prisma.vppToken.count()).toBe(before);
    const taken = await upload(location.vppToken, { name: 'Fifth', takeOver: 'true' });
    expect(taken.status).toBe(201);
    const summary = product.emulator.control.describeLocation(location.locationId);
    expect(summary.mdmInfo?.name).toBe('VPP Console');
  });

  it('stops syncing when another MDM takes the location over, and says so', async () => {
    const location = newLocation('Sixth campus');
    const uploaded = await upload(location.vppToken, { name: 'Sixth' });
    await waitForRun(uploaded.body.activeSyncRun.id);
    product.emulator.control.claim(location.locationId, {
      mdmInfo: { id: 'x', name: 'Rival MDM', metadata: '' },
    });
    const sync = await product.admin.post(`/api/tokens/${uploaded.body.id}/sync`);
    const run = await waitForRun(sync.body.syncRunId);
    expect(run.status).toBe('FAILED');
    expect(run.error).toContain('Rival MDM');
    const token = await product.admin.get(`/api/tokens/${uploaded.body.id}`);
    expect(token.body).toMatchObject({ status: 'IN_USE_ELSEWHERE', foreignMdmName: 'Rival MDM' });
  });

  it('marks a token revoked when Apple says so mid-life', async () => {
    const location = newLocation('Seventh campus');
    const uploaded = await upload(location.vppToken, { name: 'Seventh' });
    await waitForRun(uploaded.body.activeSyncRun.id);
    product.emulator.control.revokeToken(location.locationId);
    const sync = await product.admin.post(`/api/tokens/${uploaded.body.id}/sync`);
    const run = await waitForRun(sync.body.syncRunId);
    expect(run.status).toBe('FAILED');
    expect((await product.admin.get(`/api/tokens/${uploaded.body.id}`)).body.status).toBe('REVOKED');
  });

  it('refuses expired and revoked tokens at upload, storing nothing', async () => {
    const expired = newLocation('Expired campus');
    product.emulator.control.expireToken(expired.locationId);
    const revoked = newLocation('Revoked campus');
    product.emulator.control.revokeToken(revoked.locationId);
    const before = await product.app.database.prisma.vppToken.count();
    const expiredResponse = await upload(product.emulator.control.vppToken(expired.locationId), {
      name: 'E',
    });
    expect(expiredResponse.status).toBe(422);
    expect(expiredResponse.body.code).toBe('TOKEN_EXPIRED');
    const revokedResponse = await upload(revoked.vppToken, { name: 'R' });
    expect(revokedResponse.status).toBe(422);
    expect(revokedResponse.body.code).toBe('TOKEN_REVOKED');
    expect(await product.app.database.prisma.vppToken.count()).toBe(before);
  });

  it('renews a token with a new file of the same location, and refuses another location', async () => {
    const location = newLocation('Renewal campus');
    const uploaded = await upload(location.vppToken, { name: 'Renewal' });
    await waitForRun(uploaded.body.activeSyncRun.id);
    const renewed = product.emulator.control.renewToken(location.locationId, {
      expiresAt: '2031-01-01T00:00:00Z',
    });
    const response = await product.admin
      .patch(`/api/tokens/${uploaded.body.id}`)
      .field('name', 'Renewal campus')
      .attach('token', Buffer.from(renewed.vppToken), 'new.vpptoken');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ name: 'Renewal campus', expiresAt: '2031-01-01T00:00:00.000Z' });
    const other = newLocation('Other campus');
    const mismatch = await product.admin
      .patch(`/api/tokens/${uploaded.body.id}`)
      .attach('token', Buffer.from(other.vppToken), 'other.vpptoken');
    expect(mismatch.status).toBe(409);
    expect(mismatch.body.code).toBe('TOKEN_LOCATION_MISMATCH');
  });

  it('previews and deletes a token with its apps and licenses, handing the location back', async () => {
    const location = newLocation('Deleted campus');
    const uploaded = await upload(location.vppToken, { name: 'Deleted' });
    await waitForRun(uploaded.body.activeSyncRun.id);
    const preview = await product.admin.get(`/api/tokens/${uploaded.body.id}/deletion-preview`);
    expect(preview.body).toEqual({ apps: 4, applications: 0, deployments: 0, assignedLicenses: 3 });
    expect((await product.admin.delete(`/api/tokens/${uploaded.body.id}`)).status).toBe(204);
    expect(await product.app.database.prisma.storeApp.count({ where: { tokenId: uploaded.body.id } })).toBe(
      0,
    );
    expect(
      await product.app.database.prisma.licenseAssignment.count({ where: { tokenId: uploaded.body.id } }),
    ).toBe(0);
    expect(product.emulator.control.describeLocation(location.locationId).mdmInfo?.name ?? '').not.toBe(
      'VPP Console',
    );
  });
});
