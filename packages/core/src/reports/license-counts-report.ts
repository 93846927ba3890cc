import { Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { LicenseReport, LicenseReportQuery, LicenseReportRow } from '@vpp/contracts/reports';
import { escapeLike } from '@vpp/db/like-pattern';
import { stringify } from 'csv-stringify';
import type pg from 'pg';
import QueryStream from 'pg-query-stream';

// The license-count report reads the same store_apps rows the license view and the last sync
// wrote, with plain SQL: one query for a page, one for the totals, and a streamed cursor for CSV.

type Filters = Pick<LicenseReportQuery, 'tokenId' | 'category' | 'tokenType' | 'search'>;

const SORT_COLUMNS: Record<string, string> = {
  appName: 's.name',
  tokenName: 't.name',
  totalPurchased: 's.total_count',
  inUse: 's.assigned_count',
  available: 's.available_count',
  retired: 's.retired_count',
};

function whereClause(filters: Filters): { sql: string; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const add = (condition: (placeholder: string) => string, value: unknown) => {
    params.push(value);
    conditions.push(condition(`$${params.length}`));
  };
  if (filters.tokenId) add((p) => `s.token_id = ${p}::uuid`, filters.tokenId);
  if (filters.tokenType) add((p) => `t.type = ${p}::"TokenType"`, filters.tokenType);
  if (filters.category) {
    add(
      (p) =>
        `EXISTS (SELECT 1 FROM token_categories tc JOIN categories c ON c.id = tc.category_id
                  WHERE tc.token_id = t.id AND c.name = ${p})`,
      filters.category,
    );
  }
  if (filters.search) {
    // The name matches the search text literally; the adam id matches it exactly.
    params.push(escapeLike(filters.search));
    const pattern = `$${params.length}`;
    add((p) => `(s.name ILIKE '%' || ${pattern} || '%' OR s.adam_id = ${p})`, filters.search);
  }
  return { sql: conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '', params };
}

const ROW_SELECT = `
  SELECT s.id AS store_app_id, s.name AS app_name, s.adam_id, s.product_type::text AS product_type,
         t.id AS token_id, t.name AS token_name, t.type::text AS token_type,
         s.total_count, s.assigned_count, s.available_count, s.retired_count, s.unlimited,
         coalesce(dep.n, 0)::int AS deployed_applications, t.last_successful_sync_at
    FROM store_apps s
    JOIN vpp_tokens t ON t.id = s.token_id
    LEFT JOIN (
      SELECT a.store_app_id, count(DISTINCT a.id) AS n FROM applications a
        JOIN deployments d ON d.application_id = a.id AND d.status <> 'STOPPED'
       GROUP BY a.store_app_id
    ) dep ON dep.store_app_id = s.id`;

interface ReportSqlRow {
  store_app_id: string;
  app_name: string;
  adam_id: string;
  product_type: 'APP' | 'BOOK';
  token_id: string;
  token_name: string;
  token_type: 'BUSINESS' | 'EDUCATION';
  total_count: number;
  assigned_count: number;
  available_count: number;
  retired_count: number;
  unlimited: boolean;
  deployed_applications: number;
  last_successful_sync_at: Date | null;
}

export function toReportRow(row: ReportSqlRow): LicenseReportRow {
  return {
    storeAppId: row.store_app_id,
    appName: row.app_name,
    adamId: row.adam_id,
    productType: row.product_type,
    tokenId: row.token_id,
    tokenName: row.token_name,
    tokenType: row.token_type,
    totalPurchased: row.unlimited ? null : row.total_count,
    inUse: row.assigned_count,
    available: row.unlimited ? null : row.available_count,
    retired: row.retired_count,
    unlimited: row.unlimited,
    deployedApplications: row.deployed_applications,
    lastSyncedAt: row.last_successful_sync_at?.toISOString() ?? null,
  };
}

type Totals = LicenseReport['totals'];

/**
 * Totals over every matching row take a scan; a page takes an index. Each API process keeps the
 * totals per filter until the data version moves (triggers move it on any change of store apps,
 * tokens or their categories, each token on its own row), so repeated pages cost the index read alone.
 */
export class ReportTotalsCache {
  readonly #entries = new Map<string, { version: string; totals: Totals }>();
  constructor(private readonly maxEntries = 500) {}

  get(key: string, version: string): Totals | undefined {
    const entry = this.#entries.get(key);
    return entry?.version === version ? entry.totals : undefined;
  }

  set(key: string, version: string, totals: Totals): void {
    if (this.#entries.size >= this.maxEntries)
      this.#entries.delete(this.#entries.keys().next().value as string);
    this.#entries.set(key, { version, totals });
  }
}

async function reportTotals(pool: pg.Pool, where: { sql: string; params: unknown[] }): Promise<Totals> {
  const result = await pool.query<{
    apps: number;
    total: string;
    in_use: string;
    available: string;
    retired: string;
    unlimited: number;
  }>(
    `SELECT count(*)::int AS apps,
            coalesce(sum(s.total_count) FILTER (WHERE NOT s.unlimited), 0)::bigint AS total,
            coalesce(sum(s.assigned_count), 0)::bigint AS in_use,
            coalesce(sum(s.available_count) FILTER (WHERE NOT s.unlimited), 0)::bigint AS available,
            coalesce(sum(s.retired_count), 0)::bigint AS retired,
            count(*) FILTER (WHERE s.unlimited)::int AS unlimited
       FROM store_apps s JOIN vpp_tokens t ON t.id = s.token_id ${where.sql}`,
    where.params,
  );
  const sums = result.rows[0];
  return {
    apps: sums?.apps ?? 0,
    totalPurchased: Number(sums?.total ?? 0),
    inUse: Number(sums?.in_use ?? 0),
    available: Number(sums?.available ?? 0),
    retired: Number(sums?.retired ?? 0),
    unlimitedApps: sums?.unlimited ?? 0,
  };
}

export async function licenseCountsReport(
  pool: pg.Pool,
  query: LicenseReportQuery,
  cache?: ReportTotalsCache,
): Promise<LicenseReport> {
  const where = whereClause(query);
  const direction = query.sort.startsWith('-') ? 'DESC' : 'ASC';
  const column = SORT_COLUMNS[query.sort.replace(/^-/, '')] ?? 's.name';
  const offset = (query.page - 1) * query.pageSize;
  const cacheKey = JSON.stringify([query.tokenId, query.category, query.tokenType, query.search]);
  const [rows, version] = await Promise.all([
    pool.query<ReportSqlRow>(
      `${ROW_SELECT} ${where.sql} ORDER BY ${column} ${direction}, s.id ${direction}
        LIMIT ${query.pageSize} OFFSET ${offset}`,
      where.params,
    ),
    // Triggers set a token's row from one sequence on any change: the largest value moves on every change.
    pool.query<{ version: string | null }>('SELECT max(version)::text AS version FROM report_data_versions'),
  ]);
  const dataVersion = version.rows[0]?.version ?? 'none';
  let totals = cache?.get(cacheKey, dataVersion);
  if (!totals) {
    totals = await reportTotals(pool, where);
    cache?.set(cacheKey, dataVersion, totals);
  }
  return {
    items: rows.rows.map(toReportRow),
    total: totals.apps,
    page: query.page,
    pageSize: query.pageSize,
    totals,
  };
}

export const CSV_COLUMNS = [
  'appName',
  'adamId',
  'tokenName',
  'tokenType',
  'totalPurchased',
  'inUse',
  'available',
  'retired',
  'deployedApplications',
  'lastSyncedAt',
] as const;

/**
 * Every matching row as CSV (UTF-8 with a BOM, so spreadsheet programs read names right), streamed
 * from a database cursor with backpressure: memory stays flat whatever the number of rows.
 */
export async function streamLicenseCountsCsv(
  pool: pg.Pool,
  filters: Filters,
  out: Writable,
): Promise<number> {
  const where = whereClause(filters);
  const client = await pool.connect();
  let rows = 0;
  try {
    const source = client.query(
      new QueryStream(`${ROW_SELECT} ${where.sql} ORDER BY t.name, s.name, s.id`, where.params, {
        batchSize: 1000,
      }),
    );
    const toRecord = new Transform({
      objectMode: true,
      transform(row: ReportSqlRow, _encoding, done) {
        rows += 1;
        const report = toReportRow(row);
        done(null, {
          ...report,
          totalPurchased: report.unlimited ? 'unlimited' : report.totalPurchased,
          available: report.unlimited ? 'unlimited' : report.available,
          lastSyncedAt: report.lastSyncedAt ?? '',
        });
      },
    });
    await pipeline(source, toRecord, stringify({ header: true, bom: true, columns: [...CSV_COLUMNS] }), out);
  } catch (error) {
    // A cursor cut off mid-way (the download was abandoned) leaves the connection unusable: drop it.
    client.release(error as Error);
    throw error;
  }
  client.release();
  return rows;
}
