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
}

/**
 * The low-license threshold (the setting, or its default when unset) and, with it, the apps with a
 * count (not the free unlimited ones) whose free share is at or below it, scarcest first, with how
 * many there are (a window count over the same scan): one statement.
 */
export async function selectLowLicenses(
  sql: Sql,
  setting: { key: string; defaultPercent: number },
  limit: number,
): Promise<{ thresholdPercent: number; count: number; rows: LowLicenseRow[] }> {
  const result = await sql.query<LowLicenseRow & { threshold: number; matching: number | null }>(
    `WITH setting AS (
       SELECT coalesce((SELECT (value #>> '{}')::numeric FROM settings
                         WHERE key = $1 AND jsonb_typeof(value) = 'number'), $2)::int AS threshold)
     SELECT setting.threshold, low.*
       FROM setting LEFT JOIN LATERAL (
         SELECT s.id, s.name, s.adam_id, s.token_id, t.name AS token_name, s.total_count, s.assigned_count,
                s.available_count, count(*) OVER ()::int AS matching
           FROM store_apps s JOIN vpp_tokens t ON t.id = s.token_id
          WHERE s.unlimited = false AND s.total_count > 0
            AND s.available_count * 100 <= s.total_count * setting.threshold
          ORDER BY s.available_count::float / s.total_count, s.name, s.id
          LIMIT $3) low ON true`,
    [setting.key, setting.defaultPercent, limit],
  );
  const first = result.rows[0];
  return {
    thresholdPercent: first?.threshold ?? setting.defaultPercent,
    count: first?.matching ?? 0,
    rows: result.rows.filter((row) => row.id !== null),
  };
}
