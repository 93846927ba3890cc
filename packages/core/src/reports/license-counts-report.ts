/// <reference path="../pg-copy-streams.d.ts" />
import { Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { LicenseReport, LicenseReportQuery, LicenseReportRow } from '@vpp/contracts/reports';
import { escapeLike } from '@vpp/db/like-pattern';
import { forecastExhaustion, isoDay, utcDay } from '@vpp/domain/license-intelligence/forecast';
import { minorDigits } from '@vpp/domain/license-intelligence/money';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { instantOf } from '../license-history/license-history-store.ts';
import { CURRENCY_SETTING_KEY, DEFAULT_CURRENCY } from '../license-history/license-intelligence-settings.ts';

// The license-count report reads the same store_apps rows the license view and the last sync
// wrote, with plain SQL: one query for a page, one for the totals, and a streamed COPY for CSV.

type Filters = Pick<LicenseReportQuery, 'tokenId' | 'category' | 'tokenType' | 'search'> &
  Partial<Pick<LicenseReportQuery, 'asOf' | 'runsOutWithinDays'>>;

/** Days until the app runs out at its burn rate (docs/license-intelligence.md), as SQL. */
const DAYS_UNTIL_EXHAUSTED = `CASE WHEN NOT s.unlimited AND r.per_day > 0
  THEN ceil(greatest(0, s.available_count) / r.per_day) END`;

const SORT_COLUMNS: Record<string, string> = {
  appName: 's.name',
  tokenName: 't.name',
  totalPurchased: 'c.total_count',
  inUse: 'c.assigned_count',
  available: 'c.available_count',
  retired: 's.retired_count',
  daysUntilExhausted: `coalesce(${DAYS_UNTIL_EXHAUSTED}, 2147483647)`,
};

/**
 * Where a row's counts come from (`c`): the live row, or in an "as of" report the history point in
 * force at that instant (apps without one did not exist yet). `r` is the app's burn rate.
 */
function countsJoin(asOfPlaceholder: string | undefined): string {
  const counts = asOfPlaceholder
    ? `JOIN LATERAL (SELECT h.total_count, h.assigned_count, h.available_count FROM license_history_points h
         WHERE h.store_app_id = s.id AND h.at <= ${asOfPlaceholder} ORDER BY h.at DESC LIMIT 1) c ON true`
    : 'CROSS JOIN LATERAL (SELECT s.total_count, s.assigned_count, s.available_count) c';
  return `${counts} LEFT JOIN license_burn_rates r ON r.store_app_id = s.id
    LEFT JOIN store_app_prices p ON p.store_app_id = s.id`;
}

function whereClause(filters: Filters): { sql: string; params: unknown[]; join: string } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (filters.asOf) params.push(instantOf(filters.asOf, 'end'));
  const join = countsJoin(filters.asOf ? '$1' : undefined);
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
  if (filters.runsOutWithinDays !== undefined) {
    add((p) => `${DAYS_UNTIL_EXHAUSTED} <= ${p}`, filters.runsOutWithinDays);
  }
  return { sql: conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '', params, join };
}

const rowSelect = (countsJoin: string) => `
  SELECT s.id AS store_app_id, s.name AS app_name, s.adam_id, s.product_type::text AS product_type,
         t.id AS token_id, t.name AS token_name, t.type::text AS token_type,
         c.total_count, c.assigned_count, c.available_count, s.retired_count, s.unlimited,
         coalesce(dep.n, 0)::int AS deployed_applications, t.last_successful_sync_at,
         s.available_count AS live_available_count, r.per_day, p.unit_price_minor::text AS unit_price_minor
    FROM store_apps s
    JOIN vpp_tokens t ON t.id = s.token_id
    ${countsJoin}
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
  live_available_count: number;
  per_day: number | null;
  unit_price_minor: string | null;
}

/** Today and the horizon for the rows' forecasts; null in an "as of" report (no forecast then). */
export type ReportForecastContext = { today: Date; horizonDays: number } | null;

export function toReportRow(row: ReportSqlRow, forecast: ReportForecastContext): LicenseReportRow {
  // Minor units fit a double exactly up to 2^53: a price of 10^9 cents times 10^6 licenses is 10^15.
  const price = row.unit_price_minor === null ? null : Number(row.unit_price_minor);
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
    forecast: forecast
      ? forecastExhaustion(
          { available: row.live_available_count, unlimited: row.unlimited, perDay: row.per_day },
          forecast,
        )
      : null,
    unitPriceMinor: price,
    valueInUseMinor: price === null ? null : price * row.assigned_count,
    valueIdleMinor: price === null || row.unlimited ? null : price * Math.max(0, row.available_count),
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

async function reportTotals(
  pool: pg.Pool,
  where: { sql: string; params: unknown[]; join: string },
): Promise<Totals> {
  const result = await pool.query<{
    apps: number;
    total: string;
    in_use: string;
    available: string;
    retired: string;
    unlimited: number;
    in_use_value: string;
    idle_value: string;
  }>(
    `SELECT count(*)::int AS apps,
            coalesce(sum(p.unit_price_minor * c.assigned_count), 0)::text AS in_use_value,
            coalesce(sum(p.unit_price_minor * greatest(0, c.available_count)) FILTER (WHERE NOT s.unlimited), 0)::text
              AS idle_value,
            coalesce(sum(c.total_count) FILTER (WHERE NOT s.unlimited), 0)::bigint AS total,
            coalesce(sum(c.assigned_count), 0)::bigint AS in_use,
            coalesce(sum(c.available_count) FILTER (WHERE NOT s.unlimited), 0)::bigint AS available,
            coalesce(sum(s.retired_count), 0)::bigint AS retired,
            count(*) FILTER (WHERE s.unlimited)::int AS unlimited
       FROM store_apps s JOIN vpp_tokens t ON t.id = s.token_id ${where.join} ${where.sql}`,
    where.params,
  );
  const sums = result.rows[0];
  const byCategory = await pool.query<{ category: string; apps: number; in_use: string; idle: string }>(
    `SELECT coalesce(cat.name, '') AS category, count(*)::int AS apps,
            coalesce(sum(p.unit_price_minor * c.assigned_count), 0)::text AS in_use,
            coalesce(sum(p.unit_price_minor * greatest(0, c.available_count)) FILTER (WHERE NOT s.unlimited), 0)::text AS idle
       FROM store_apps s JOIN vpp_tokens t ON t.id = s.token_id ${where.join}
       LEFT JOIN token_categories tcat ON tcat.token_id = t.id LEFT JOIN categories cat ON cat.id = tcat.category_id
       ${where.sql}
      GROUP BY cat.name ORDER BY cat.name NULLS LAST`,
    where.params,
  );
  return {
    apps: sums?.apps ?? 0,
    totalPurchased: Number(sums?.total ?? 0),
    inUse: Number(sums?.in_use ?? 0),
    available: Number(sums?.available ?? 0),
    retired: Number(sums?.retired ?? 0),
    unlimitedApps: sums?.unlimited ?? 0,
    valueInUseMinor: Number(sums?.in_use_value ?? 0),
    valueIdleMinor: Number(sums?.idle_value ?? 0),
    costByCategory: byCategory.rows.map((row) => ({
      category: row.category,
      apps: row.apps,
      valueInUseMinor: Number(row.in_use),
      valueIdleMinor: Number(row.idle),
    })),
  };
}

export async function licenseCountsReport(
  pool: pg.Pool,
  query: LicenseReportQuery,
  cache?: ReportTotalsCache,
  forecast: ReportForecastContext = null,
): Promise<LicenseReport> {
  const where = whereClause(query);
  const direction = query.sort.startsWith('-') ? 'DESC' : 'ASC';
  const column = SORT_COLUMNS[query.sort.replace(/^-/, '')] ?? 's.name';
  const offset = (query.page - 1) * query.pageSize;
  const cacheKey = JSON.stringify([
    query.tokenId,
    query.category,
    query.tokenType,
    query.search,
    query.asOf,
    query.runsOutWithinDays,
  ]);
  const [rows, version] = await Promise.all([
    pool.query<ReportSqlRow>(
      `${rowSelect(where.join)} ${where.sql} ORDER BY ${column} ${direction}, s.id ${direction}
        LIMIT ${query.pageSize} OFFSET ${offset}`,
      where.params,
    ),
    // Triggers set a token's row from one sequence on any change. The sum, not the largest value:
    // sequence values are taken before commit, so a change committed after a later-numbered one
    // leaves the largest value where it was, but always moves the sum.
    pool.query<{ version: string | null; currency: string | null }>(
      `SELECT (SELECT sum(version)::text || ':' || count(*) FROM report_data_versions) AS version,
              (SELECT value #>> '{}' FROM settings WHERE key = '${CURRENCY_SETTING_KEY}') AS currency`,
    ),
  ]);
  const dataVersion = version.rows[0]?.version ?? 'none';
  // Burn rates move daily without touching store apps: a forecast filter's totals are not kept.
  const cacheable = query.runsOutWithinDays === undefined;
  let totals = cacheable ? cache?.get(cacheKey, dataVersion) : undefined;
  if (!totals) {
    totals = await reportTotals(pool, where);
    if (cacheable) cache?.set(cacheKey, dataVersion, totals);
  }
  return {
    items: rows.rows.map((row) => toReportRow(row, query.asOf ? null : forecast)),
    total: totals.apps,
    page: query.page,
    pageSize: query.pageSize,
    totals,
    currency: version.rows[0]?.currency ?? DEFAULT_CURRENCY,
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
  'daysUntilExhausted',
  'exhaustedOn',
  'suggestedPurchase',
  'currency',
  'unitPrice',
  'valueInUse',
  'valueIdle',
] as const;

/**
 * The forecast's three CSV cells as SQL: forecastExhaustion (packages/domain) in the database, with
 * today and the horizon as literals; empty cells when there is no forecast ("as of" reports).
 */
function forecastCsvColumns(forecast: ReportForecastContext): string {
  if (!forecast)
    return `NULL::text AS "daysUntilExhausted", NULL::text AS "exhaustedOn", NULL::text AS "suggestedPurchase"`;
  const running = 'NOT s.unlimited AND r.per_day > 0';
  const available = 'greatest(0, s.available_count)';
  const today = `'${isoDay(utcDay(forecast.today))}'::date`;
  const horizon = Math.trunc(forecast.horizonDays);
  return `${DAYS_UNTIL_EXHAUSTED}::int AS "daysUntilExhausted",
    CASE WHEN ${running} THEN to_char(${today} + (${DAYS_UNTIL_EXHAUSTED})::int, 'YYYY-MM-DD') END AS "exhaustedOn",
    CASE WHEN ${running} THEN greatest(0, ceil(r.per_day * ${horizon} - ${available} - 1e-9))::int ELSE 0 END
      AS "suggestedPurchase"`;
}

/** The CSV's cells as text, in CSV_COLUMNS' order; empty text as NULL so COPY leaves it unquoted. */
/** Money cells as decimals of the currency ("12.99"), computed exactly in numeric. */
function costCsvColumns(currency: string, literal: (value: unknown) => string): string {
  const digits = minorDigits(currency);
  const decimal = (minor: string) => `round((${minor})::numeric / ${10 ** digits}, ${digits})::text`;
  return `CASE WHEN p.unit_price_minor IS NOT NULL THEN ${literal(currency)} END AS "currency",
    ${decimal('p.unit_price_minor')} AS "unitPrice",
    ${decimal('p.unit_price_minor * c.assigned_count')} AS "valueInUse",
    CASE WHEN NOT s.unlimited THEN ${decimal('p.unit_price_minor * greatest(0, c.available_count)')} END AS "valueIdle"`;
}

const csvSelect = (countsJoin: string, forecast: ReportForecastContext, cost: string) => `
  SELECT nullif(s.name, '') AS "appName", nullif(s.adam_id, '') AS "adamId",
         nullif(t.name, '') AS "tokenName", t.type::text AS "tokenType",
         CASE WHEN s.unlimited THEN 'unlimited' ELSE c.total_count::text END AS "totalPurchased",
         c.assigned_count AS "inUse",
         CASE WHEN s.unlimited THEN 'unlimited' ELSE c.available_count::text END AS "available",
         s.retired_count AS "retired", coalesce(dep.n, 0)::int AS "deployedApplications",
         to_char(t.last_successful_sync_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "lastSyncedAt",
         ${forecastCsvColumns(forecast)},
         ${cost}
    FROM store_apps s
    JOIN vpp_tokens t ON t.id = s.token_id
    ${countsJoin}
    LEFT JOIN (
      SELECT a.store_app_id, count(DISTINCT a.id) AS n FROM applications a
        JOIN deployments d ON d.application_id = a.id AND d.status <> 'STOPPED'
       GROUP BY a.store_app_id
    ) dep ON dep.store_app_id = s.id`;

/** UTF-8's byte order mark: spreadsheet programs read the names right with it. */
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Every matching row as CSV (UTF-8 with a BOM, so spreadsheet programs read names right), streamed
 * straight from PostgreSQL's `COPY … TO STDOUT (FORMAT csv, HEADER)` with backpressure: memory stays
 * flat whatever the number of rows, and Node neither parses nor formats a row. PostgreSQL quotes a
 * cell exactly when it holds a comma, a quote or a line break; empty text is sent as NULL
 * (unquoted). COPY takes no bind parameters: the filter values are inlined as escaped literals.
 */
export async function streamLicenseCountsCsv(
  pool: pg.Pool,
  filters: Filters,
  out: Writable,
  forecast: ReportForecastContext = null,
): Promise<number> {
  const where = whereClause(filters);
  const client = await pool.connect();
  try {
    const literal = (value: unknown) =>
      client.escapeLiteral(value instanceof Date ? value.toISOString() : String(value));
    const inline = (text: string) =>
      text.replace(/\$(\d+)/g, (_match, index: string) => literal(where.params[Number(index) - 1]));
    const currency = await client.query<{ currency: string | null }>(
      `SELECT value #>> '{}' AS currency FROM settings WHERE key = '${CURRENCY_SETTING_KEY}'`,
    );
    const cost = costCsvColumns(currency.rows[0]?.currency ?? DEFAULT_CURRENCY, literal);
    const select = csvSelect(inline(where.join), filters.asOf ? null : forecast, cost);
    const copy = client.query(
      copyTo(
        `COPY (${select} ${inline(where.sql)} ORDER BY t.name, s.name, s.id)
           TO STDOUT WITH (FORMAT csv, HEADER true, ENCODING 'UTF8')`,
      ),
    );
    await pipeline(copy, withBom(), out);
    client.release();
    return copy.rowCount;
  } catch (error) {
    // A COPY cut off mid-way (the download was abandoned) leaves the connection unusable: drop it.
    client.release(error as Error);
    throw error;
  }
}

function withBom(): Transform {
  let first = true;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (first) {
        first = false;
        done(null, Buffer.concat([BOM, chunk]));
      } else done(null, chunk);
    },
    flush(done) {
      // HEADER is always sent, so this only guards the impossible empty stream.
      if (first) this.push(BOM);
      done();
    },
  });
}
