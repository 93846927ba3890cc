import type { Sql } from '@vpp/db/transaction';
import {
  BURN_WINDOW_DAYS,
  burnRate,
  type CountPoint,
  endOfDayCounts,
  utcDay,
} from '@vpp/domain/license-intelligence/forecast';

// Each store app's burn rate (@vpp/domain/license-intelligence/forecast), kept in license_burn_rates
// so a page of the report, its filter "runs out within N days" and its sort read one join. The
// rate counts complete UTC days only, so it changes at day boundaries: the daily job refreshes every
// app, and a sync refreshes its token's apps (new apps get their rate without waiting a day).

const DAY_MS = 24 * 60 * 60 * 1000;
const BATCH = 1000;

/** Recomputes the rates of every store app (or a token's), a thousand apps per statement pair. */
export async function refreshBurnRates(
  sql: Sql,
  now: Date,
  filter: { tokenId?: string } = {},
): Promise<number> {
  let after = '00000000-0000-0000-0000-000000000000';
  let refreshed = 0;
  for (;;) {
    const ids = await sql.query<{ id: string }>(
      `SELECT id FROM store_apps WHERE id > $1 AND ($2::uuid IS NULL OR token_id = $2) ORDER BY id LIMIT ${BATCH}`,
      [after, filter.tokenId ?? null],
    );
    if (ids.rows.length === 0) return refreshed;
    const batch = ids.rows.map((row) => row.id);
    await refreshBatch(sql, batch, now);
    refreshed += batch.length;
    after = batch[batch.length - 1]!;
    if (batch.length < BATCH) return refreshed;
  }
}

async function refreshBatch(sql: Sql, storeAppIds: string[], now: Date): Promise<void> {
  const windowStart = new Date(utcDay(now).getTime() - BURN_WINDOW_DAYS * DAY_MS);
  // The window's points plus each app's last point before it (its baseline).
  const points = await sql.query<{ store_app_id: string; at: Date; assigned_count: number }>(
    `SELECT p.store_app_id, p.at, p.assigned_count FROM license_history_points p
      WHERE p.store_app_id = ANY($1::uuid[]) AND p.at >= $2 AND p.at < $3
     UNION ALL
     SELECT b.store_app_id, b.at, b.assigned_count FROM unnest($1::uuid[]) AS ids(id)
       CROSS JOIN LATERAL (SELECT h.store_app_id, h.at, h.assigned_count FROM license_history_points h
                            WHERE h.store_app_id = ids.id AND h.at < $2 ORDER BY h.at DESC LIMIT 1) b`,
    [storeAppIds, windowStart, utcDay(now)],
  );
  const byApp = new Map<string, CountPoint[]>();
  for (const row of points.rows) {
    const list = byApp.get(row.store_app_id) ?? [];
    list.push({ at: row.at, assigned: row.assigned_count });
    byApp.set(row.store_app_id, list);
  }
  const ids: string[] = [];
  const rates: number[] = [];
  const observed: number[] = [];
  for (const id of storeAppIds) {
    const rate = burnRate(endOfDayCounts(byApp.get(id) ?? [], now));
    if (!rate) continue;
    ids.push(id);
    rates.push(rate.perDay);
    observed.push(rate.daysObserved);
  }
  await sql.query(
    `WITH fresh AS (SELECT * FROM unnest($2::uuid[], $3::float8[], $4::int[]) AS r(store_app_id, per_day, days_observed)),
          gone AS (DELETE FROM license_burn_rates WHERE store_app_id = ANY($1::uuid[])
                     AND store_app_id <> ALL($2::uuid[]))
     INSERT INTO license_burn_rates (store_app_id, per_day, days_observed, computed_at)
     SELECT store_app_id, per_day, days_observed, $5 FROM fresh
     ON CONFLICT (store_app_id) DO UPDATE
       SET per_day = excluded.per_day, days_observed = excluded.days_observed, computed_at = excluded.computed_at`,
    [storeAppIds, ids, rates, observed, now],
  );
}
