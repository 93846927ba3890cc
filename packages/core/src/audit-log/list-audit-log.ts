import type { AuditEntry, AuditLogQuery } from '@vpp/contracts/audit-log';
import type { Paged } from '@vpp/contracts/paging';
import type { Prisma } from '@vpp/db/client';
import type { Db } from '@vpp/db/database';
import { escapeLike } from '@vpp/db/like-pattern';

export async function listAuditLog(db: Db, query: AuditLogQuery): Promise<Paged<AuditEntry>> {
  const where: Prisma.AuditEntryWhereInput = {
    ...(query.action ? { action: query.action } : {}),
    ...(query.targetType ? { targetType: query.targetType } : {}),
    ...(query.actorEmail
      ? { actorEmail: { contains: escapeLike(query.actorEmail), mode: 'insensitive' } }
      : {}),
    ...(query.search
      ? {
          OR: [
            { summary: { contains: escapeLike(query.search), mode: 'insensitive' } },
            { targetId: query.search },
            { action: { contains: escapeLike(query.search), mode: 'insensitive' } },
          ],
        }
      : {}),
  };
  const [total, rows] = await Promise.all([
    db.auditEntry.count({ where }),
    db.auditEntry.findMany({
      where,
      orderBy: [{ at: 'desc' }, { id: 'desc' }],
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    }),
  ]);
  return {
    total,
    page: query.page,
    pageSize: query.pageSize,
    items: rows.map((row) => ({
      id: row.id,
      at: row.at.toISOString(),
      actor: row.actorEmail ? { id: row.actorId ?? row.actorApiKeyId, email: row.actorEmail } : null,
      action: row.action,
      targetType: row.targetType,
      targetId: row.targetId,
      summary: row.summary,
      before: row.before ?? null,
      after: row.after ?? null,
      requestId: row.requestId,
    })),
  };
}
