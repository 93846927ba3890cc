import { refreshBurnRates } from '@vpp/core/license-history/burn-rates';
import { compactLicenseHistory } from '@vpp/core/license-history/license-history-store';
import type { Database } from '@vpp/db/database';
import { openTestDatabase } from '@vpp/db/test-database-for-file';
import { type Transaction, withTransaction } from '@vpp/db/transaction';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The history trigger on store_apps (statement-level, transition tables), the daily compaction and
// the burn rates the forecast reads, against a real PostgreSQL.

let database: Database & { url: string };
let tokenId: string;

beforeAll(async () => {
  database = await openTestDatabase(process.env.VPP_TEST_DATABASE_SERVER_URL);
  const token = await database.prisma.vppToken.create({
    data: {
      name: 'History',
      appleId: 'it@example.test',
      type: 'BUSINESS',
      orgName: 'History Org',
      locationUid: `history-${Date.now()}`,
      sTokenEncrypted: Buffer.from('sealed'),
      sTokenSha256: 'x',
      expiresAt: new Date(Date.now() + 200 * 86_400_000),
    },
  });
  tokenId = token.id;
});
afterAll(() => database.close());

async function points(storeAppId: string) {
  return database.prisma.licenseHistoryPoint.findMany({ where: { storeAppId }, orderBy: { at: 'asc' } });
}

/** How often the history trigger function ran in this transaction (needs track_functions). */
async function triggerCalls(tx: Transaction): Promise<number> {
  const result = await tx.query<{ n: string }>(
    `SELECT coalesce(sum(calls), 0)::text AS n FROM pg_stat_xact_user_functions
      WHERE funcname = 'record_license_history_on_update'`,
  );
  return Number(result.rows[0]?.n ?? 0);
}

describe('license history', () => {
  it('writes a point per changed app, in one statement for a page of 1,000 rows, and none for other changes', async () => {
    await database.pool.query(
      `INSERT INTO store_apps (id, token_id, adam_id, pricing_param, product_type, device_assignable, total_count,
                                 assigned_count, available_count, retired_count, updated_at)
         SELECT gen_random_uuid(), $1, 'h' || g, 'STDQ', 'APP', true, 10, 0, 10, 0, now() FROM generate_series(1, 1000) g`,
      [tokenId],
    );
    expect(await database.prisma.licenseHistoryPoint.count()).toBe(1000);

    // A sync page: 1,000 rows in one UPDATE, 400 of them with new counts.
    await database.pool.query(
      `UPDATE store_apps SET assigned_count = CASE WHEN substr(adam_id, 2)::int <= 400 THEN 3 ELSE assigned_count END,
                available_count = CASE WHEN substr(adam_id, 2)::int <= 400 THEN 7 ELSE available_count END,
                updated_at = now()
          WHERE token_id = $1`,
      [tokenId],
    );
    expect(await database.prisma.licenseHistoryPoint.count()).toBe(1400);
    // Reservations and names are not counts: nothing is written.
    await database.pool.query(
      `UPDATE store_apps SET reserved_count = 2, name = 'renamed' WHERE token_id = $1`,
      [tokenId],
    );
    expect(await database.prisma.licenseHistoryPoint.count()).toBe(1400);
    // The trigger runs once per statement, not once per row: one call writes the 1,000 points.
    await withTransaction(database, async (tx) => {
      await tx.query(`SET LOCAL track_functions = 'pl'`);
      await tx.query(
        `UPDATE store_apps SET total_count = total_count + 5, available_count = available_count + 5 WHERE token_id = $1`,
        [tokenId],
      );
      expect(await triggerCalls(tx)).toBe(1);
      // A second write of the same apps in the same transaction leaves the state it commits.
      await tx.query(`UPDATE store_apps SET total_count = total_count + 1 WHERE token_id = $1`, [tokenId]);
      expect(await triggerCalls(tx)).toBe(2);
    });
    expect(await database.prisma.licenseHistoryPoint.count()).toBe(2400);
    const app = await database.prisma.storeApp.findFirstOrThrow({ where: { tokenId, adamId: 'h1' } });
    const series = await points(app.id);
    expect(series.map((point) => [point.totalCount, point.assignedCount, point.availableCount])).toEqual([
      [10, 0, 10],
      [10, 3, 7],
      [16, 3, 12],
    ]);
  });

  it('compacts to the last point of each day after 30 days, keeps 2 years plus the starting level', async () => {
    const app = await database.prisma.storeApp.findFirstOrThrow({ where: { tokenId, adamId: 'h2' } });
    await database.prisma.licenseHistoryPoint.deleteMany({ where: { storeAppId: app.id } });
    const now = new Date('2026-12-06T12:00:00Z');
    const at = (iso: string, assigned: number) => ({
      storeAppId: app.id,
      at: new Date(iso),
      totalCount: 100,
      assignedCount: assigned,
      availableCount: 100 - assigned,
    });
    await database.prisma.licenseHistoryPoint.createMany({
      data: [
        at('2024-01-10T08:00:00Z', 1), // older than 2 years, superseded by the next one
        at('2024-06-01T08:00:00Z', 2), // older than 2 years: the level the kept history starts from
        at('2025-03-01T08:00:00Z', 3), // a day of three points, older than 30 days
        at('2025-03-01T12:00:00Z', 4),
        at('2025-03-01T23:59:00Z', 5),
        at('2026-12-01T08:00:00Z', 6), // within 30 days: every point stays
        at('2026-12-01T09:00:00Z', 7),
      ],
    });
    const removed = await compactLicenseHistory(database.pool, now);
    expect(removed).toBe(3);
    expect((await points(app.id)).map((point) => point.assignedCount)).toEqual([2, 5, 6, 7]);
    expect(await compactLicenseHistory(database.pool, now)).toBe(0);
  });

  it('keeps each app’s burn rate from its history', async () => {
    const app = await database.prisma.storeApp.findFirstOrThrow({ where: { tokenId, adamId: 'h3' } });
    await database.prisma.licenseHistoryPoint.deleteMany({ where: { storeAppId: app.id } });
    const now = new Date('2026-12-06T12:00:00Z');
    // +2 a day for the 30 complete days before today, and one bulk day of +100: 2 a day.
    const data = [];
    for (let day = 31; day >= 1; day -= 1) {
      const assigned = (31 - day) * 2 + (day <= 10 ? 100 : 0);
      data.push({
        storeAppId: app.id,
        at: new Date(now.getTime() - day * 86_400_000),
        totalCount: 500,
        assignedCount: assigned,
        availableCount: 500 - assigned,
      });
    }
    await database.prisma.licenseHistoryPoint.createMany({ data });
    expect(await refreshBurnRates(database.pool, now, { tokenId })).toBe(1000);
    const rate = await database.prisma.licenseBurnRate.findUniqueOrThrow({ where: { storeAppId: app.id } });
    expect(rate).toMatchObject({ perDay: 2, daysObserved: 30 });
    // Apps with fewer than 7 days of history have no rate.
    const young = await database.prisma.storeApp.findFirstOrThrow({ where: { tokenId, adamId: 'h4' } });
    expect(await database.prisma.licenseBurnRate.findUnique({ where: { storeAppId: young.id } })).toBeNull();
  });
});
