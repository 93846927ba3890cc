import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { auditEntrySchema, auditLogQuerySchema } from '@vpp/contracts/audit-log';
import { pagedSchema } from '@vpp/contracts/paging';
import { apiRequest } from '../../../lib/api-client.ts';
import type { FiltersOf } from '../../../lib/list-filters.ts';

const auditLogPageSchema = pagedSchema(auditEntrySchema);

export const AUDIT_LOG_PAGE_SIZE = 50;

/** The filters of the audit log, read as the API reads them. */
export const auditLogFilterShape = auditLogQuerySchema.pick({
  action: true,
  targetType: true,
  actorEmail: true,
  search: true,
}).shape;
export type AuditLogFilters = FiltersOf<typeof auditLogFilterShape>;

export interface AuditLogQuery extends AuditLogFilters {
  page: number;
  pageSize: number;
}

export const auditLogQueryKey = ['audit-log'] as const;

/** The first page without filters: what the page shows when opened from the navigation. */
export const firstAuditLogPage: AuditLogQuery = { page: 1, pageSize: AUDIT_LOG_PAGE_SIZE };

export function getAuditLog(query: AuditLogQuery, signal?: AbortSignal) {
  return apiRequest('/api/audit-log', auditLogPageSchema, { query: { ...query }, signal });
}

export const auditLogQueryOptions = (query: AuditLogQuery) =>
  queryOptions({
    queryKey: [...auditLogQueryKey, query],
    queryFn: ({ signal }) => getAuditLog(query, signal),
    placeholderData: keepPreviousData,
    // Every change anywhere adds an entry, so a cached page is shown but always checked again.
    staleTime: 0,
  });

export function useAuditLog(query: AuditLogQuery) {
  return useQuery(auditLogQueryOptions(query));
}
