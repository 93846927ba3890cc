import type { Sql } from '@vpp/db/transaction';

// The dashboard's SQL apart from tokens (token-store.ts) and sync runs (sync-run-store.ts).

export interface LowLicenseRow {
  id: string;
  name: string;
  adam_id: string;
  token_id: string;
  token_name: string;
  total_count: number;
  assigned_count: number;
  available_count: number;
  matching: number;
}

/**
 * The apps with a count (not the free unlimited ones) whose free share is at or below the
 * threshold, scarcest first, and how many there are (a window count over the same scan): one
 * statement.
 */
export async function selectLowLicenses(
  sql: Sql,
  thresholdPercent: number,
  limit: number,
): Promise<{ count: number; rows: LowLicenseRow[] }> {
  const result = await sql.query<LowLicenseRow>(
    `SELECT s.id, s.name, s.adam_id, s.token_id, t.name AS token_name, s.total_count, s.assigned_count,
            s.available_count, count(*) OVER ()::int AS matching
       FROM store_apps s JOIN vpp_tokens t ON t.id = s.token_id
      WHERE s.unlimited = false AND s.total_count > 0 AND s.available_count * 100 <= s.total_count * $1::int
      ORDER BY s.available_count::float / s.total_count, s.name, s.id
      LIMIT $2`,
    [thresholdPercent, limit],
  );
  return { count: result.rows[0]?.matching ?? 0, rows: result.rows };
}
