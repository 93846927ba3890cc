import type { Application, DeploymentSummary } from '@vpp/contracts/deployments';
import { escapeLike } from '@vpp/db/like-pattern';
import type { Sql } from '@vpp/db/transaction';
import {
  type ForecastContext,
  STORE_APP_SELECT,
  type StoreAppSqlRow,
  toStoreApp,
} from '../store-apps/store-app-store.ts';

// The application list's SQL: a page of applications with their store app and their deployments
// (each with its target counts per state) in one statement, and the count in another, at any page
// size. Deployments come back as JSON built in the database, dates already in ISO form.

const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const DEPLOYMENTS_JSON = `coalesce((
  SELECT json_agg(json_build_object(
           'id', d.id, 'applicationId', d.application_id, 'collectionId', d.collection_id,
           'collectionName', c.name, 'collectionType', c.type::text, 'action', d.action::text,
           'purpose', d.purpose::text, 'status', d.status::text, 'createdAt', ${iso('d.created_at')},
           'finishedAt', ${iso('d.finished_at')},
           'counts', coalesce((SELECT json_object_agg(x.state, x.n) FROM (
                        SELECT dt.state::text AS state, count(*)::int AS n FROM deployment_targets dt
                         WHERE dt.deployment_id = d.id GROUP BY dt.state) x), '{}'::json))
           ORDER BY d.created_at DESC, d.id DESC)
    FROM deployments d JOIN collections c ON c.id = d.collection_id
   WHERE d.application_id = a.id), '[]'::json)`;

interface ApplicationSqlRow extends StoreAppSqlRow {
  application_id: string;
  application_name: string;
  application_created_at: Date;
  deployments: DeploymentSummary[];
}

export interface ApplicationPageQuery {
  page: number;
  pageSize: number;
  search?: string | undefined;
  tokenId?: string | undefined;
}

export async function selectApplicationPage(
  sql: Sql,
  query: ApplicationPageQuery,
  forecast: ForecastContext,
): Promise<{ total: number; items: Application[] }> {
  const params: unknown[] = [];
  const conditions: string[] = [];
  if (query.search) {
    params.push(escapeLike(query.search));
    conditions.push(`a.name ILIKE '%' || $${params.length} || '%'`);
  }
  if (query.tokenId) {
    params.push(query.tokenId);
    conditions.push(
      `EXISTS (SELECT 1 FROM store_apps x WHERE x.id = a.store_app_id AND x.token_id = $${params.length}::uuid)`,
    );
  }
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  const [count, page] = await Promise.all([
    sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM applications a ${where}`, params),
    sql.query<ApplicationSqlRow>(
      `WITH page AS (
         SELECT a.id FROM applications a ${where}
          ORDER BY a.name, a.id LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize})
       SELECT a.id AS application_id, a.name AS application_name, a.created_at AS application_created_at,
              ${STORE_APP_SELECT}, ${DEPLOYMENTS_JSON} AS deployments
         FROM page JOIN applications a ON a.id = page.id
         JOIN store_apps s ON s.id = a.store_app_id JOIN vpp_tokens t ON t.id = s.token_id
        ORDER BY a.name, a.id`,
      params,
    ),
  ]);
  return {
    total: count.rows[0]?.n ?? 0,
    items: page.rows.map((row) => ({
      id: row.application_id,
      name: row.application_name,
      createdAt: row.application_created_at.toISOString(),
      storeApp: toStoreApp(row, forecast),
      deployments: row.deployments,
    })),
  };
}
