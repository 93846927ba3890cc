import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ListCard } from '../../../components/list-card.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { usePrefetchNextPage } from '../../../lib/prefetch-next-page.ts';
import {
  AUDIT_LOG_PAGE_SIZE,
  type AuditLogQuery,
  auditLogFilterNames,
  auditLogQueryOptions,
  type AuditLogFilters as Filters,
  useAuditLog,
} from '../api/get-audit-log.ts';
import { AuditLogFilters } from './audit-log-filters.tsx';
import { AuditLogTable } from './audit-log-table.tsx';

/** The filters and page live in the address, so a filtered view can be bookmarked and shared. */
function queryFromParams(params: URLSearchParams): AuditLogQuery {
  const page = Number(params.get('page'));
  const query: AuditLogQuery = {
    page: Number.isInteger(page) && page > 0 ? page : 1,
    pageSize: AUDIT_LOG_PAGE_SIZE,
  };
  for (const name of auditLogFilterNames) {
    const value = params.get(name)?.trim();
    if (value) query[name] = value;
  }
  return query;
}

function paramsFromQuery(filters: Filters, page: number): Record<string, string> {
  const params: Record<string, string> = {};
  for (const name of auditLogFilterNames) {
    const value = filters[name];
    if (value) params[name] = value;
  }
  if (page > 1) params.page = String(page);
  return params;
}

export function AuditLogPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const search = params.toString();
  const query = useMemo(() => queryFromParams(new URLSearchParams(search)), [search]);
  const { page, pageSize, ...filters } = query;
  const auditLog = useAuditLog(query);
  const total = auditLog.data?.total ?? 0;
  const filterKey = JSON.stringify(filters);

  usePrefetchNextPage(query, total, auditLogQueryOptions);

  return (
    <>
      <PageHeader title={t('auditLog.title')} intro={t('auditLog.intro')} />
      <section className="card" aria-label={t('auditLog.filters')}>
        {/* Remount on a changed address (back button, cleared filters) so the form shows what is applied. */}
        <AuditLogFilters
          key={filterKey}
          filters={filters}
          onApply={(next) => setParams(paramsFromQuery(next, 1))}
        />
      </section>
      <ListCard
        id="audit-log-results"
        title={t('auditLog.caption')}
        results={(count) => t('auditLog.results', { count })}
        list={auditLog}
        empty={t('auditLog.empty')}
        page={page}
        pageSize={pageSize}
        onPageChange={(next) => setParams(paramsFromQuery(filters, next))}
        pagination="always"
      >
        {(items) => <AuditLogTable entries={items} />}
      </ListCard>
    </>
  );
}
