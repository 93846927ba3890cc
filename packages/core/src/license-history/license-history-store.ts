import { AppError } from '@vpp/contracts/errors';
import type { LicenseHistory, LicenseHistoryQuery } from '@vpp/contracts/license-intelligence';
import type { Sql } from '@vpp/db/transaction';

// Reads and compacts the points the store_apps trigger writes (migration "license_intelligence").

const DAY_MS = 24 * 60 * 60 * 1000;
/** Every point is kept this long; older ones are thinned to the day's last point. */
export const FINE_HISTORY_DAYS = 30;
/** Daily points are kept this long (each app keeps its newest older point as its starting level). */
export const DAILY_HISTORY_DAYS = 730;
const DEFAULT_SPAN_DAYS = 90;

/** A date means its whole UTC day: from its start, or up to its end. */
export function instantOf(value: string, edge: 'start' | 'end'): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const start = new Date(`${value}T00:00:00.000Z`);
    return edge === 'start' ? start : new Date(start.getTime() + DAY_MS - 1);
  }
  return new Date(value);
}

export async function readLicenseHistory(
  sql: Sql,
  storeAppId: string,
  query: LicenseHistoryQuery,
  now: Date,
): Promise<LicenseHistory> {
  const to = query.to ? instantOf(query.to, 'end') : now;
  const from = query.from
    ? instantOf(query.from, 'start')
    : new Date(to.getTime() - DEFAULT_SPAN_DAYS * DAY_MS);
  if (from > to) {
    throw new AppError('VALIDATION_FAILED', '`from` is after `to`.', {
      errors: [{ path: 'query.from', message: 'must not be after to' }],
    });
  }
  // The app itself, then the level in force at `from` and every point up to `to`, in one statement.
  const result = await sql.query<{
    found: boolean;
    at: Date | null;
    total_count: number | null;
    assigned_count: number | null;
    available_count: number | null;
  }>(
    `SELECT true AS found, p.at, p.total_count, p.assigned_count, p.available_count
       FROM store_apps s
       LEFT JOIN LATERAL (
         (SELECT h.at, h.total_count, h.assigned_count, h.available_count FROM license_history_points h
           WHERE h.store_app_id = s.id AND h.at < $2 ORDER BY h.at DESC LIMIT 1)
         UNION ALL
         (SELECT h.at, h.total_count, h.assigned_count, h.available_count FROM license_history_points h
           WHERE h.store_app_id = s.id AND h.at >= $2 AND h.at <= $3 ORDER BY h.at LIMIT 5000)
       ) p ON true
      WHERE s.id = $1
      ORDER BY p.at`,
    [storeAppId, from, to],
  );
  if (result.rows.length === 0) throw new AppError('NOT_FOUND', 'No such store app.');
  return {
    storeAppId,
    items: result.rows.flatMap((row) =>
      row.at === null
        ? []
        : [
            {
              at: row.at.toISOString(),
              totalCount: row.total_count ?? 0,
              assignedCount: row.assigned_count ?? 0,
              availableCount: row.available_count ?? 0,
            },
          ],
    ),
  };
}

/**
 * The daily compaction: points older than 30 days are thinned to the last point of their UTC day,
 * and daily points older than 2 years go, except each app's newest older point (the level the
 * kept history starts from). Returns how many points were removed.
 */
export async function compactLicenseHistory(sql: Sql, now: Date): Promise<number> {
  const fineCutoff = new Date(now.getTime() - FINE_HISTORY_DAYS * DAY_MS);
  const dailyCutoff = new Date(now.getTime() - DAILY_HISTORY_DAYS * DAY_MS);
  const thinned = await sql.query(
    `DELETE FROM license_history_points p
      WHERE p.at < $1
        AND EXISTS (SELECT 1 FROM license_history_points later
                     WHERE later.store_app_id = p.store_app_id AND later.at > p.at AND later.at < $1
                       AND (later.at AT TIME ZONE 'UTC')::date = (p.at AT TIME ZONE 'UTC')::date)`,
    [fineCutoff],
  );
  const pruned = await sql.query(
    `DELETE FROM license_history_points p
      WHERE p.at < $1
        AND EXISTS (SELECT 1 FROM license_history_points later
                     WHERE later.store_app_id = p.store_app_id AND later.at > p.at AND later.at < $1)`,
    [dailyCutoff],
  );
  return (thinned.rowCount ?? 0) + (pruned.rowCount ?? 0);
}
