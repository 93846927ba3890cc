import type { AuditEntry, AuditLogQuery } from '@vpp/contracts/audit-log';
import type { Paged } from '@vpp/contracts/paging';
import type { Sql } from '@vpp/db/transaction';
import { selectAuditPage } from './audit-log-store.ts';

/** The audit log, newest first: two statements (page and count) at any page size. */
export async function listAuditLog(sql: Sql, query: AuditLogQuery): Promise<Paged<AuditEntry>> {
  const { total, items } = await selectAuditPage(sql, query);
  return { total, page: query.page, pageSize: query.pageSize, items };
}
