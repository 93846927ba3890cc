import type { AuditEntry, AuditLogQuery } from '@vpp/contracts/audit-log';
import { escapeLike } from '@vpp/db/like-pattern';
import type { Sql } from '@vpp/db/transaction';

// The audit log list's SQL: a page (newest first, ties by id in the same direction, walked on
// (at DESC, id DESC)) and its count, two statements. The search ORs arms that each have an index
// (summary and action by trigram, the target id exactly), so the planner ORs bitmaps.

interface AuditSqlRow {
  id: string;
  at: Date;
  actor_id: string | null;
  actor_api_key_id: string | null;
  actor_email: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  summary: string;
  before: unknown;
  after: unknown;
  request_id: string | null;
}

export async function selectAuditPage(
  sql: Sql,
  query: AuditLogQuery,
): Promise<{ total: number; items: AuditEntry[] }> {
  const params: unknown[] = [];
  const conditions: string[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (query.action) conditions.push(`e.action = ${param(query.action)}`);
  if (query.targetType) conditions.push(`e.target_type = ${param(query.targetType)}`);
  if (query.actorEmail)
    conditions.push(`e.actor_email ILIKE '%' || ${param(escapeLike(query.actorEmail))} || '%'`);
  if (query.search) {
    const pattern = param(escapeLike(query.search));
    const exact = param(query.search);
    conditions.push(
      `(e.summary ILIKE '%' || ${pattern} || '%' OR e.target_id = ${exact} OR e.action ILIKE '%' || ${pattern} || '%')`,
    );
  }
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  const [count, page] = await Promise.all([
    sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_entries e ${where}`, params),
    sql.query<AuditSqlRow>(
      `WITH page AS (
         SELECT e.id FROM audit_entries e ${where}
          ORDER BY e.at DESC, e.id DESC LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize})
       SELECT e.id, e.at, e.actor_id, e.actor_api_key_id, e.actor_email, e.action, e.target_type, e.target_id, e.summary,
              e.before, e.after, e.request_id
         FROM page JOIN audit_entries e ON e.id = page.id
        ORDER BY e.at DESC, e.id DESC`,
      params,
    ),
  ]);
  return {
    total: count.rows[0]?.n ?? 0,
    items: page.rows.map((row) => ({
      id: row.id,
      at: row.at.toISOString(),
      actor: row.actor_email ? { id: row.actor_id ?? row.actor_api_key_id, email: row.actor_email } : null,
      action: row.action,
      targetType: row.target_type,
      targetId: row.target_id,
      summary: row.summary,
      before: row.before ?? null,
      after: row.after ?? null,
      requestId: row.request_id,
    })),
  };
}
