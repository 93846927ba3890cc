import type { StoreApp, StoreAppQuery } from '@vpp/contracts/store-apps';
import { escapeLike } from '@vpp/db/like-pattern';
import type { Sql } from '@vpp/db/transaction';
import { forecastExhaustion } from '@vpp/domain/license-intelligence/forecast';

// The store-app list's SQL: a page and its count, two statements at any page size. The page's ids
// come from a walk of the sort's index (each sort column is indexed with the id as tie-breaker, in
// the sort's direction) and only those rows are read in full; the application count is a
// correlated count per row on applications(store_app_id). Searches OR arms that each have an
// index (name by trigram, adam id, lower(bundle id)), so the planner ORs bitmaps instead of
// scanning.

type Filters = Omit<StoreAppQuery, 'page' | 'pageSize' | 'sort'>;

function whereClause(filters: Filters): { sql: string; params: unknown[]; needsToken: boolean } {
  const params: unknown[] = [];
  const conditions: string[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  let needsToken = false;
  if (filters.tokenId) conditions.push(`s.token_id = ${param(filters.tokenId)}::uuid`);
  if (filters.deviceAssignable !== undefined)
    conditions.push(`s.device_assignable = ${param(filters.deviceAssignable)}`);
  if (filters.productType) conditions.push(`s.product_type = ${param(filters.productType)}::"ProductType"`);
  if (filters.tokenType) {
    needsToken = true;
    conditions.push(`t.type = ${param(filters.tokenType)}::"TokenType"`);
  }
  if (filters.category) {
    conditions.push(`EXISTS (SELECT 1 FROM token_categories tc JOIN categories c ON c.id = tc.category_id
                       WHERE tc.token_id = s.token_id AND c.name = ${param(filters.category)})`);
  }
  if (filters.search) {
    const pattern = param(escapeLike(filters.search));
    const exact = param(filters.search);
    conditions.push(
      `(s.name ILIKE '%' || ${pattern} || '%' OR s.adam_id = ${exact} OR lower(s.bundle_id) = lower(${exact}))`,
    );
  }
  return { sql: conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '', params, needsToken };
}

/** ORDER BY for a sort key, tie-broken by id in the sort's direction. */
function orderSql(sort: string): { order: string; needsToken: boolean } {
  const direction = sort.startsWith('-') ? 'DESC' : 'ASC';
  const key = sort.replace(/^-/, '');
  const column: Record<string, string> = {
    inUse: 's.assigned_count',
    available: 's.available_count',
    total: 's.total_count',
    adamId: 's.adam_id',
    name: 's.name',
  };
  if (key === 'token') {
    return { order: `t.name ${direction}, t.id ${direction}, s.id ${direction}`, needsToken: true };
  }
  return { order: `${column[key] ?? 's.name'} ${direction}, s.id ${direction}`, needsToken: false };
}

/** A store app's columns (from `s`, its token `t`) as `toStoreApp` reads them. */
export const STORE_APP_SELECT = `s.id, s.adam_id, s.name, s.icon_url, s.bundle_id, s.pricing_param,
  s.product_type::text AS product_type, s.platforms, s.device_assignable, s.unlimited,
  s.total_count, s.assigned_count, s.available_count, s.retired_count, s.reserved_count,
  t.id AS token_id, t.name AS token_name, t.type::text AS token_type,
  (SELECT count(*) FROM applications a WHERE a.store_app_id = s.id)::int AS application_count,
  (SELECT b.per_day FROM license_burn_rates b WHERE b.store_app_id = s.id) AS burn_per_day`;

export interface StoreAppSqlRow {
  id: string;
  adam_id: string;
  name: string;
  icon_url: string | null;
  bundle_id: string | null;
  pricing_param: string;
  product_type: 'APP' | 'BOOK';
  platforms: string[];
  device_assignable: boolean;
  unlimited: boolean;
  total_count: number;
  assigned_count: number;
  available_count: number;
  retired_count: number;
  reserved_count: number;
  token_id: string;
  token_name: string;
  token_type: 'BUSINESS' | 'EDUCATION';
  application_count: number;
  burn_per_day: number | null;
}

/** What a row's forecast needs besides the row: today and the horizon to buy for. */
export interface ForecastContext {
  today: Date;
  horizonDays: number;
}

export function toStoreApp(row: StoreAppSqlRow, forecast: ForecastContext): StoreApp {
  return {
    id: row.id,
    adamId: row.adam_id,
    name: row.name,
    iconUrl: row.icon_url,
    bundleId: row.bundle_id,
    pricingParam: row.pricing_param,
    productType: row.product_type,
    platforms: row.platforms,
    deviceAssignable: row.device_assignable,
    unlimited: row.unlimited,
    totalCount: row.total_count,
    assignedCount: row.assigned_count,
    availableCount: row.available_count,
    retiredCount: row.retired_count,
    reservedCount: row.reserved_count,
    token: { id: row.token_id, name: row.token_name, type: row.token_type },
    applicationCount: row.application_count,
    forecast: forecastExhaustion(
      { available: row.available_count, unlimited: row.unlimited, perDay: row.burn_per_day },
      forecast,
    ),
  };
}

export async function selectStoreAppPage(
  sql: Sql,
  query: StoreAppQuery,
  forecast: ForecastContext,
): Promise<{ total: number; items: StoreApp[] }> {
  const where = whereClause(query);
  const { order, needsToken } = orderSql(query.sort);
  const join = where.needsToken || needsToken ? 'JOIN vpp_tokens t ON t.id = s.token_id' : '';
  const countJoin = where.needsToken ? 'JOIN vpp_tokens t ON t.id = s.token_id' : '';
  const offset = (query.page - 1) * query.pageSize;
  const [count, page] = await Promise.all([
    sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM store_apps s ${countJoin} ${where.sql}`,
      where.params,
    ),
    sql.query<StoreAppSqlRow>(
      `WITH page AS (
         SELECT s.id FROM store_apps s ${join} ${where.sql}
          ORDER BY ${order} LIMIT ${query.pageSize} OFFSET ${offset})
       SELECT ${STORE_APP_SELECT}
         FROM page JOIN store_apps s ON s.id = page.id JOIN vpp_tokens t ON t.id = s.token_id
        ORDER BY ${order}`,
      where.params,
    ),
  ]);
  return { total: count.rows[0]?.n ?? 0, items: page.rows.map((row) => toStoreApp(row, forecast)) };
}
