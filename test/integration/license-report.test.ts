import { Writable } from 'node:stream';
import { streamLicenseCountsCsv } from '@vpp/core/reports/license-counts-report';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProductUnderTest, startProduct, waitFor } from './product-under-test.ts';

// The license-count report: its maths on awkward data, the CSV export, and that the numbers are the
// ones the license view and the last sync hold.

let product: ProductUnderTest;
const tokens: Record<string, string> = {};

type LocationAssets = NonNullable<
  Parameters<ProductUnderTest['emulator']['control']['createLocation']>[0]['assets']
>;

async function uploadAndSync(
  name: string,
  type: 'BUSINESS' | 'EDUCATION',
  assets: LocationAssets,
  category: string,
) {
  const location = product.emulator.control.createLocation({
    orgName: 'Report Org',
    locationName: name,
    type,
    assets,
  });
  const request = product.admin.post('/api/tokens');
  for (const [key, value] of Object.entries({ name, appleId: 'it@example.test', type, categories: category }))
    request.field(key, value);
  const uploaded = await request.attach('token', Buffer.from(location.vppToken), 'r.vpptoken');
  const tokenId = uploaded.body.id as string;
  await waitFor(
    async () =>
      (await product.app.database.prisma.syncRun.findFirst({ where: { tokenId, status: 'SUCCEEDED' } })) ??
      null,
  );
  tokens[name] = tokenId;
  return { tokenId, locationId: location.locationId };
}

beforeAll(async () => {
  product = await startProduct();
  await product.startWorker();
  const north = await uploadAndSync(
    'North, "the big one"',
    'EDUCATION',
    [
      { adamId: '610000001', name: 'Keynote, Pages & Numbers "Pro"', count: 40, retiredCount: 5 },
      { adamId: '610000002', name: 'Free Reader', unlimited: true },
      { adamId: '610000003', name: 'A Book', productType: 'Book', deviceAssignable: false, count: 7 },
    ],
    'schools',
  );
  product.emulator.control.changeAssignments(north.locationId, {
    add: [
      { adamId: '610000001', serialNumber: 'R0000001' },
      { adamId: '610000002', serialNumber: 'R0000001' },
    ],
  });
  // A refund after purchase: the count drops.
  product.emulator.control.purchase(north.locationId, { adamId: '610000001', count: -10 });
  const sync = await product.admin.post(`/api/tokens/${north.tokenId}/sync`);
  await waitFor(
    async () =>
      (await product.app.database.prisma.syncRun.findUniqueOrThrow({ where: { id: sync.body.syncRunId } }))
        .status === 'SUCCEEDED' || null,
  );
  await uploadAndSync(
    'Süd Zürich',
    'BUSINESS',
    [{ adamId: '610000001', name: 'Keynote, Pages & Numbers "Pro"', count: 12 }],
    'offices',
  );
});
afterAll(() => product.close());

describe('license-count report', () => {
  it('lists one row per app per token, with refunds, retired licenses, books and free apps right', async () => {
    const response = await product.admin.get('/api/reports/license-counts?sort=tokenName&pageSize=50');
    expect(response.status).toBe(200);
    const rows = response.body.items as Record<string, unknown>[];
    expect(rows).toHaveLength(4);
    const keynoteNorth = rows.find(
      (row) => row.adamId === '610000001' && row.tokenId === tokens['North, "the big one"'],
    );
    // Apple counts the 10 refunded licenses as retired, on top of the 5 retired before.
    expect(keynoteNorth).toMatchObject({
      totalPurchased: 30,
      inUse: 1,
      available: 29,
      retired: 15,
      unlimited: false,
    });
    const keynoteSouth = rows.find(
      (row) => row.adamId === '610000001' && row.tokenId === tokens['Süd Zürich'],
    );
    expect(keynoteSouth).toMatchObject({
      totalPurchased: 12,
      inUse: 0,
      available: 12,
      tokenType: 'BUSINESS',
    });
    expect(rows.find((row) => row.adamId === '610000002')).toMatchObject({
      totalPurchased: null,
      available: null,
      unlimited: true,
      inUse: 1,
    });
    expect(rows.find((row) => row.adamId === '610000003')).toMatchObject({
      productType: 'BOOK',
      totalPurchased: 7,
    });
    // The unlimited marker (2147483647) is never added into totals as purchased licenses.
    expect(response.body.totals).toEqual({
      apps: 4,
      totalPurchased: 49,
      inUse: 2,
      available: 48,
      retired: 15,
      unlimitedApps: 1,
      // No prices are set here: no money (test/integration/reclaim.test.ts checks money by hand).
      valueInUseMinor: 0,
      valueIdleMinor: 0,
      costByCategory: [
        { category: 'offices', apps: 1, valueInUseMinor: 0, valueIdleMinor: 0 },
        { category: 'schools', apps: 3, valueInUseMinor: 0, valueIdleMinor: 0 },
      ],
    });
  });

  it('keeps its totals right after the data changes, though each API process caches them', async () => {
    const before = (await product.admin.get('/api/reports/license-counts')).body.totals;
    const again = (await product.admin.get('/api/reports/license-counts')).body.totals;
    expect(again).toEqual(before);
    await product.app.database.pool.query(
      `UPDATE store_apps SET assigned_count = assigned_count + 1 WHERE adam_id = '610000003'`,
    );
    const after = (await product.admin.get('/api/reports/license-counts')).body.totals;
    expect(after.inUse).toBe(before.inUse + 1);
    await product.app.database.pool.query(
      `UPDATE store_apps SET assigned_count = assigned_count - 1 WHERE adam_id = '610000003'`,
    );
  });

  it('matches the store-app license view exactly', async () => {
    const report = await product.admin.get('/api/reports/license-counts?pageSize=500');
    const view = await product.admin.get('/api/store-apps?pageSize=500');
    for (const app of view.body.items) {
      const row = report.body.items.find((item: { storeAppId: string }) => item.storeAppId === app.id);
      expect(row.inUse).toBe(app.assignedCount);
      expect(row.retired).toBe(app.retiredCount);
      if (!app.unlimited)
        expect([row.totalPurchased, row.available]).toEqual([app.totalCount, app.availableCount]);
    }
  });

  it('filters by token, category, token type and app name, and sorts by use', async () => {
    const byCategory = await product.admin.get('/api/reports/license-counts?category=offices');
    expect(byCategory.body.items.map((row: { tokenName: string }) => row.tokenName)).toEqual(['Süd Zürich']);
    const byType = await product.admin.get('/api/reports/license-counts?tokenType=EDUCATION');
    expect(byType.body.total).toBe(3);
    const byName = await product.admin.get('/api/reports/license-counts?search=keynote');
    expect(byName.body.total).toBe(2);
    const sorted = await product.admin.get('/api/reports/license-counts?sort=-inUse');
    const inUse = sorted.body.items.map((row: { inUse: number }) => row.inUse);
    expect(inUse).toEqual([...inUse].sort((a, b) => b - a));
    expect((await product.admin.get('/api/reports/license-counts?sort=price')).status).toBe(400);
  });

  it('exports CSV with a BOM, quoting commas, quotes, and non-ASCII names so a CSV parser reads them back', async () => {
    const response = await product.admin
      .get('/api/reports/license-counts?format=csv')
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/csv/);
    expect(response.headers['content-disposition']).toMatch(/attachment; filename="vpp-license-counts-/);
    const bytes = response.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = parse(bytes.toString('utf8'), { bom: true, columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(4);
    expect(records.map((record) => record.tokenName)).toContain('North, "the big one"');
    expect(records.map((record) => record.tokenName)).toContain('Süd Zürich');
    expect(records.find((record) => record.adamId === '610000001')?.appName).toBe(
      'Keynote, Pages & Numbers "Pro"',
    );
    expect(records.find((record) => record.adamId === '610000002')).toMatchObject({
      totalPurchased: 'unlimited',
      available: 'unlimited',
    });
  });

  it('round-trips a name with a newline', async () => {
    await product.app.database.prisma.storeApp.updateMany({
      where: { adamId: '610000003' },
      data: { name: 'Line one\nline two, "quoted"' },
    });
    const csv = (await product.admin.get('/api/reports/license-counts?format=csv')).text;
    const records = parse(csv, { bom: true, columns: true }) as Record<string, string>[];
    expect(records.find((record) => record.adamId === '610000003')?.appName).toBe(
      'Line one\nline two, "quoted"',
    );
  });

  it('streams 100,000 rows without holding them in memory', async () => {
    const tokenId = tokens['Süd Zürich']!;
    await product.app.database.pool.query(
      `INSERT INTO store_apps (id, token_id, adam_id, pricing_param, product_type, name, device_assignable, total_count,
                               assigned_count, available_count, retired_count, updated_at)
       SELECT gen_random_uuid(), $1, (700000000 + n)::text, 'STDQ', 'APP', 'Generated app ' || n, true, 10, 1, 9, 0, now()
         FROM generate_series(1, 100000) AS n`,
      [tokenId],
    );
    let lines = 0;
    let chunks = 0;
    let peakHeap = 0;
    const startHeap = process.memoryUsage().heapUsed;
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks += 1;
        for (const byte of chunk) if (byte === 0x0a) lines += 1;
        peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed - startHeap);
        done();
      },
    });
    const rows = await streamLicenseCountsCsv(product.app.database.pool, {}, sink);
    expect(rows).toBe(100_004);
    // A header line, and one per row (one earlier name holds a newline of its own).
    expect(lines).toBeGreaterThanOrEqual(100_005);
    expect(chunks).toBeGreaterThan(100);
    // Holding 100,000 rows as objects would take well over 100 MB of heap.
    expect(peakHeap).toBeLessThan(80 * 1024 * 1024);
  }, 60_000);

  it('lets a manager read it, and the dashboard shows apps running low', async () => {
    const manager = await product.app.signedInAgent('manager');
    expect((await manager.get('/api/reports/license-counts')).status).toBe(200);
    expect((await manager.patch('/api/settings').send({ lowLicenseThresholdPercent: 50 })).status).toBe(403);
    const dashboard = await manager.get('/api/dashboard');
    expect(dashboard.status).toBe(200);
    expect(dashboard.body.tokens.total).toBe(2);
    expect(dashboard.body.lowLicenses.thresholdPercent).toBe(10);
    expect(
      (await product.admin.patch('/api/settings').send({ lowLicenseThresholdPercent: 100 })).body,
    ).toEqual({ lowLicenseThresholdPercent: 100 });
    const wide = await manager.get('/api/dashboard');
    expect(wide.body.lowLicenses.count).toBeGreaterThan(0);
    expect(
      wide.body.lowLicenses.items.every(
        (item: { totalPurchased: number }) => item.totalPurchased !== 2147483647,
      ),
    ).toBe(true);
  });
});
