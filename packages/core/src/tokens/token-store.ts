import type { TokenListQuery } from '@vpp/contracts/tokens';
import { escapeLike } from '@vpp/db/like-pattern';
import type { Sql } from '@vpp/db/transaction';
import { EXPIRY_WARNING_DAYS } from '@vpp/domain/tokens/token-status';
import type { TokenViewRow } from './token-view.ts';

// The token list's SQL: one page (with each token's categories and active run) and its count, two
// statements at any page size. The status is derived, not stored: `statusSql` is the domain rule
// (`computeTokenStatus`) written as SQL so the filter runs in the database; the page's statuses and
// reasons are still computed by the domain rule itself (token-view.ts). A test checks the two agree.

/** The token's status at `$now` as SQL, in the domain rule's order (`@vpp/domain/tokens/token-status`). */
export function statusSql(alias: string, nowParam: string): string {
  return `CASE
    WHEN ${alias}.revoked_at IS NOT NULL THEN 'REVOKED'
    WHEN ${alias}.expires_at <= ${nowParam} THEN 'EXPIRED'
    WHEN ${alias}.foreign_mdm_info IS NOT NULL AND jsonb_typeof(${alias}.foreign_mdm_info) <> 'null' THEN 'IN_USE_ELSEWHERE'
    WHEN coalesce(${alias}.last_sync_error, '') <> '' THEN 'SYNC_ERROR'
    WHEN ${alias}.expires_at <= ${nowParam} + interval '${EXPIRY_WARNING_DAYS} days' THEN 'EXPIRING'
    ELSE 'VALID' END`;
}

interface TokenSqlRow {
  id: string;
  name: string;
  description: string;
  apple_id: string;
  type: 'BUSINESS' | 'EDUCATION';
  org_name: string;
  location_name: string;
  expires_at: Date;
  last_updated_at: Date;
  last_synced_at: Date | null;
  last_successful_sync_at: Date | null;
  last_full_sync_at: Date | null;
  next_sync_at: Date | null;
  backoff_until: Date | null;
  revoked_at: Date | null;
  foreign_mdm_info: unknown;
  last_sync_error: string | null;
  restore_suspected_at: Date | null;
  created_at: Date;
  category_names: string[];
  active_run_id: string | null;
  active_run_status: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | null;
  active_run_kind: 'FULL' | 'INCREMENTAL' | null;
}

function toViewRow(row: TokenSqlRow): TokenViewRow {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    appleId: row.apple_id,
    type: row.type,
    orgName: row.org_name,
    locationName: row.location_name,
    expiresAt: row.expires_at,
    lastUpdatedAt: row.last_updated_at,
    lastSyncedAt: row.last_synced_at,
    lastSuccessfulSyncAt: row.last_successful_sync_at,
    lastFullSyncAt: row.last_full_sync_at,
    nextSyncAt: row.next_sync_at,
    backoffUntil: row.backoff_until,
    revokedAt: row.revoked_at,
    foreignMdmInfo: row.foreign_mdm_info as TokenViewRow['foreignMdmInfo'],
    lastSyncError: row.last_sync_error,
    restoreSuspectedAt: row.restore_suspected_at,
    createdAt: row.created_at,
    categories: row.category_names.map((name) => ({ category: { name } })),
    activeSyncRun:
      row.active_run_id && row.active_run_status && row.active_run_kind
        ? { id: row.active_run_id, status: row.active_run_status, kind: row.active_run_kind }
        : null,
  };
}

/** Every column the API shows (never the sToken), the categories and the active run, from `t`. */
export const TOKEN_VIEW_SELECT = `
  t.id, t.name, t.description, t.apple_id, t.type::text AS type, t.org_name, t.location_name,
  t.expires_at, t.last_updated_at, t.last_synced_at, t.last_successful_sync_at, t.last_full_sync_at,
  t.next_sync_at, t.backoff_until, t.revoked_at, t.foreign_mdm_info, t.last_sync_error,
  t.restore_suspected_at, t.created_at,
  coalesce((SELECT array_agg(c.name ORDER BY c.name) FROM token_categories tc
             JOIN categories c ON c.id = tc.category_id WHERE tc.token_id = t.id), '{}') AS category_names,
  r.id AS active_run_id, r.status::text AS active_run_status, r.kind::text AS active_run_kind`;

type Filters = Omit<TokenListQuery, 'page' | 'pageSize'>;

function whereClause(filters: Filters, now: Date): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const conditions: string[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filters.type) conditions.push(`t.type = ${param(filters.type)}::"TokenType"`);
  if (filters.category) {
    conditions.push(`EXISTS (SELECT 1 FROM token_categories tc JOIN categories c ON c.id = tc.category_id
                       WHERE tc.token_id = t.id AND c.name = ${param(filters.category)})`);
  }
  if (filters.search) {
    const p = param(escapeLike(filters.search));
    conditions.push(
      `(t.name ILIKE '%' || ${p} || '%' OR t.org_name ILIKE '%' || ${p} || '%'
        OR t.location_name ILIKE '%' || ${p} || '%' OR t.apple_id ILIKE '%' || ${p} || '%')`,
    );
  }
  if (filters.status)
    conditions.push(`(${statusSql('t', `${param(now)}::timestamptz`)}) = ${param(filters.status)}`);
  return { sql: conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '', params };
}

/** One page of tokens by name, and how many match: two statements, whatever the page size. */
export async function selectTokenPage(
  sql: Sql,
  query: TokenListQuery,
  now: Date,
): Promise<{ total: number; rows: TokenViewRow[] }> {
  const where = whereClause(query, now);
  const [count, page] = await Promise.all([
    sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM vpp_tokens t ${where.sql}`, where.params),
    sql.query<TokenSqlRow>(
      `SELECT ${TOKEN_VIEW_SELECT}
         FROM vpp_tokens t LEFT JOIN sync_runs r ON r.id = t.active_sync_run_id
         ${where.sql}
        ORDER BY t.name, t.id
        LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`,
      where.params,
    ),
  ]);
  return { total: count.rows[0]?.n ?? 0, rows: page.rows.map(toViewRow) };
}

export interface TokenStatusCounts {
  total: number;
  byStatus: Record<string, number>;
}

/** How many tokens have each status, counted in the database (the dashboard's first tile). */
export async function countTokensByStatus(sql: Sql, now: Date): Promise<TokenStatusCounts> {
  const result = await sql.query<{ status: string; n: number }>(
    `SELECT ${statusSql('t', '$1::timestamptz')} AS status, count(*)::int AS n FROM vpp_tokens t GROUP BY 1`,
    [now],
  );
  const byStatus: Record<string, number> = {};
  let total = 0;
  for (const row of result.rows) {
    byStatus[row.status] = row.n;
    total += row.n;
  }
  return { total, byStatus };
}

/** The tokens whose status is not VALID, by name, with what `toToken` needs to explain why. */
export async function selectTokensNeedingAttention(sql: Sql, now: Date): Promise<TokenViewRow[]> {
  const result = await sql.query<TokenSqlRow>(
    `SELECT ${TOKEN_VIEW_SELECT}
       FROM vpp_tokens t LEFT JOIN sync_runs r ON r.id = t.active_sync_run_id
      WHERE (${statusSql('t', '$1::timestamptz')}) <> 'VALID'
      ORDER BY t.name, t.id`,
    [now],
  );
  return result.rows.map(toViewRow);
}
