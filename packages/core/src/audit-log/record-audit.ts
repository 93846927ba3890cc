import type { Db } from '@vpp/db/database';
import type { Sql } from '@vpp/db/transaction';
import type { RequestContext } from '../request-context.ts';

export interface AuditRecord {
  action: string;
  targetType: string;
  targetId?: string | null;
  summary: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

// Keys whose values never reach the audit log, whatever a caller passes in before/after.
const SECRET_KEYS = /password|secret|token|stoken|pem|privatekey|hash/i;

export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        SECRET_KEYS.test(key) ? '[redacted]' : redactSecrets(inner),
      ]),
    );
  }
  return value;
}

/** Records one change; call it inside the transaction that makes the change. */
export async function recordAudit(db: Db, ctx: RequestContext, record: AuditRecord): Promise<void> {
  await db.auditEntry.create({
    data: {
      actorId: ctx.actor?.id ?? null,
      actorEmail: ctx.actor?.email ?? null,
      action: record.action,
      targetType: record.targetType,
      targetId: record.targetId ?? null,
      summary: record.summary,
      before: (redactSecrets(record.before) ?? undefined) as object | undefined,
      after: (redactSecrets(record.after) ?? undefined) as object | undefined,
      requestId: ctx.requestId,
      ip: ctx.ip,
    },
  });
}

/** The same record, for a change made with raw SQL inside `withTransaction`. */
export async function recordAuditSql(sql: Sql, ctx: RequestContext, record: AuditRecord): Promise<void> {
  await sql.query(
    `INSERT INTO audit_entries (id, at, actor_id, actor_email, action, target_type, target_id, summary, before, after,
                                request_id, ip)
     VALUES (gen_random_uuid(), now(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      ctx.actor?.id ?? null,
      ctx.actor?.email ?? null,
      record.action,
      record.targetType,
      record.targetId ?? null,
      record.summary,
      record.before ? JSON.stringify(redactSecrets(record.before)) : null,
      record.after ? JSON.stringify(redactSecrets(record.after)) : null,
      ctx.requestId ?? null,
      ctx.ip ?? null,
    ],
  );
}
