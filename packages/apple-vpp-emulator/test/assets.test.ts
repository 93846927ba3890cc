import { describe, expect, it } from 'vitest';
import { UNLIMITED_COUNT } from '../src/apple/service-limits.ts';
import { createTestLocation, startEmulator } from './emulator-harness.ts';

describe('GET /assets', () => {
  it('reports each asset with its counts; total = assigned + available, retired outside it', async () => {
    const server = await startEmulator();
    const { vppToken } = createTestLocation(server.emulator, {
      assignments: [
        { adamId: '1000000001', serialNumber: 'SERIAL-A' },
        { adamId: '1000000001', serialNumber: 'SERIAL-B' },
        { adamId: '1000000003', clientUserId: 'user-1' },
      ],
    });
    const response = await server.apple(vppToken).get('/assets');
    expect(response.status).toBe(200);
    const byId = Object.fromEntries(
      response.body.assets.map((asset: { adamId: string }) => [asset.adamId, asset]),
    );
    expect(byId['1000000001']).toEqual({
      adamId: '1000000001',
      pricingParam: 'STDQ',
      productType: 'App',
      deviceAssignable: true,
      revocable: true,
      supportedPlatforms: ['iOS'],
      assignedCount: 2,
      availableCount: 8,
      retiredCount: 0,
      totalCount: 10,
    });
    expect(byId['1000000003']).toMatchObject({
      productType: 'Book',
      deviceAssignable: false,
      revocable: false,
      assignedCount: 1,
    });
    expect(byId['1000000004']).toMatchObject({
      totalCount: UNLIMITED_COUNT,
      availableCount: UNLIMITED_COUNT,
    });
    expect(response.body.versionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.body).toMatchObject({ currentPageIndex: 0, size: 4, totalPages: 1 });
    expect(response.body.nextPageIndex).toBeUndefined();
  });

  it('filters by product type, pricing, flags, adamId and count ranges', async () => {
    const server = await startEmulator();
    const { vppToken } = createTestLocation(server.emulator, {
      assignments: [{ adamId: '1000000002', clientUserId: 'user-1' }],
    });
    const api = server.apple(vppToken);
    const ids = async (query: Record<string, string>) =>
      (await api.get('/assets', query)).body.assets.map((asset: { adamId: string }) => asset.adamId).sort();
    expect(await ids({ productType: 'Book' })).toEqual(['1000000003']);
    expect(await ids({ deviceAssignable: 'false' })).toEqual(['1000000002', '1000000003']);
    expect(await ids({ revocable: 'false' })).toEqual(['1000000003']);
    expect(await ids({ adamId: '1000000001' })).toEqual(['1000000001']);
    expect(await ids({ pricingParam: 'PLUS' })).toEqual([]);
    expect(await ids({ minAssignedCount: '1' })).toEqual(['1000000002']);
    expect(await ids({ maxAvailableCount: '5' })).toEqual(['1000000002', '1000000003']);
    expect((await api.get('/assets', { productType: 'Movie' })).body.errorNumber).toBe(9602);
  });

  it('moves free unlimited assets to unlimitedAssets with unlimited=true and drops them with false', async () => {
    const server = await startEmulator();
    const api = server.apple(createTestLocation(server.emulator).vppToken);
    const separated = (await api.get('/assets', { unlimited: 'true' })).body;
    expect(separated.assets.map((a: { adamId: string }) => a.adamId)).not.toContain('1000000004');
    expect(separated.unlimitedAssets).toEqual([
      {
        adamId: '1000000004',
        pricingParam: 'STDQ',
        productType: 'App',
        deviceAssignable: true,
        revocable: true,
        supportedPlatforms: ['iOS'],
        assignedCount: 0,
      },
    ]);
    const without = (await api.get('/assets', { unlimited: 'false' })).body;
    expect(without.assets.map((a: { adamId: string }) => a.adamId)).not.toContain('1000000004');
    expect(without.unlimitedAssets).toBeUndefined();
  });

  it('pages: nextPageIndex until the last page, 9650 beyond it, empty lists have page 0', async () => {
    const server = await startEmulator({ pageSizes: { assets: 3 } });
    const api = server.apple(createTestLocation(server.emulator).vppToken);
    const first = (await api.get('/assets')).body;
    expect(first).toMatchObject({ currentPageIndex: 0, nextPageIndex: 1, size: 3, totalPages: 2 });
    const last = (await api.get('/assets', { pageIndex: 1 })).body;
    expect(last).toMatchObject({ currentPageIndex: 1, size: 1, totalPages: 2 });
    expect(last.nextPageIndex).toBeUndefined();
    for (const pageIndex of ['2', '-1', 'one', '1.5']) {
      const response = await api.get('/assets', { pageIndex });
      expect([response.status, response.body.errorNumber], pageIndex).toEqual([400, 9650]);
    }
    const empty = (await api.get('/assets', { pricingParam: 'PLUS' })).body;
    expect(empty).toMatchObject({ assets: [], currentPageIndex: 0, size: 0, totalPages: 0 });
    expect((await api.get('/assets', { pricingParam: 'PLUS', pageIndex: 1 })).body.errorNumber).toBe(9650);
  });

  it('can report totalPages 1 for an empty list (quirk)', async () => {
    const server = await startEmulator({ quirks: { emptyListTotalPages: 1 } });
    const api = server.apple(createTestLocation(server.emulator).vppToken);
    expect((await api.get('/assets', { pricingParam: 'PLUS' })).body.totalPages).toBe(1);
  });

  it('changes versionId when counts change and ignores sinceVersionId', async () => {
    const server = await startEmulator();
    const { locationId, vppToken } = createTestLocation(server.emulator);
    const api = server.apple(vppToken);
    const before = (await api.get('/assets')).body.versionId;
    server.emulator.control.purchase(locationId, { adamId: '1000000001', count: 5 });
    const after = await api.get('/assets', { sinceVersionId: before });
    expect(after.status).toBe(200);
    expect(after.body.versionId).not.toBe(before);
    expect(after.body.assets).toHaveLength(4);
  });
});
