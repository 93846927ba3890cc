import { auditEntrySchema, auditLogQuerySchema } from '@vpp/contracts/audit-log';
import { pagedSchema } from '@vpp/contracts/paging';
import { listAuditLog } from '@vpp/core/audit-log/list-audit-log';
import type { AppDeps } from '../../app-deps.ts';
import { defineRoute, type Route } from '../../http/route-table.ts';

export function auditLogRoutes(deps: AppDeps): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/audit-log',
      access: 'admin',
      tag: 'Audit log',
      summary: 'Every change made through the API, newest first',
      query: auditLogQuerySchema,
      success: { status: 200, schema: pagedSchema(auditEntrySchema) },
      handler: ({ query }) => listAuditLog(deps.database.pool, query),
    }),
  ];
}
