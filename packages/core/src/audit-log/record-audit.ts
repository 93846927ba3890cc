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
      actorId: accountActorId(ctx),
      actorEmail: ctx.actor?.email ?? null,
      actorApiKeyId: ctx.actor?.apiKey?.id ?? null,
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
                                request_id, ip, actor_api_key_id)
     VALUES (gen_random_uuid(), now(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      accountActorId(ctx),
      ctx.actor?.email ?? null,
      record.action,
      record.targetType,
      record.targetId ?? null,
      record.summary,
      record.before ? JSON.stringify(redactSecrets(record.before)) : null,
      record.after ? JSON.stringify(redactSecrets(record.after)) : null,
      ctx.requestId ?? null,
      ctx.ip ?? null,
      ctx.actor?.apiKey?.id ?? null,
    ],
  );
}

/** The acting account; an API key is no account (its id goes to actor_api_key_id instead). */
function accountActorId(ctx: RequestContext): string | null {
  return ctx.actor && !ctx.actor.apiKey ? ctx.actor.id : null;
}
