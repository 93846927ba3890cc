import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { LoadingState } from '../../../components/loading-state.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { Pagination } from '../../../components/pagination.tsx';
import { useErrorMessage } from '../../../lib/error-messages.ts';
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
  const describeError = useErrorMessage();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const search = params.toString();
  const query = useMemo(() => queryFromParams(new URLSearchParams(search)), [search]);
  const { page, pageSize, ...filters } = query;
  const auditLog = useAuditLog(query);
  const total = auditLog.data?.total ?? 0;
  const filterKey = JSON.stringify(filters);

  useEffect(() => {
    if (query.page * query.pageSize < total) {
      queryClient.prefetchQuery(auditLogQueryOptions({ ...query, page: query.page + 1 }));
    }
  }, [queryClient, query, total]);

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
      <section
        className="card card--flush"
        aria-labelledby="audit-log-results"
        aria-busy={auditLog.isFetching}
      >
        <div className="card__header">
          <h2 className="card__title" id="audit-log-results">
            {t('auditLog.caption')}
          </h2>
          {auditLog.data && (
            <p className="card__meta" aria-live="polite">
              {t('auditLog.results', { count: total })}
            </p>
          )}
        </div>
        {auditLog.isPending ? (
          <LoadingState />
        ) : auditLog.isError ? (
          <div className="card__body">
            <p className="notice notice--error" role="alert">
              {describeError(auditLog.error)}
            </p>
            <button type="button" className="button button--secondary" onClick={() => auditLog.refetch()}>
              {t('common.retry')}
            </button>
          </div>
        ) : auditLog.data.items.length === 0 ? (
          <p className="empty-state">{t('auditLog.empty')}</p>
        ) : (
          <>
            <AuditLogTable entries={auditLog.data.items} />
            <Pagination
              page={page}
              pageSize={pageSize}
              total={total}
              onPageChange={(next) => setParams(paramsFromQuery(filters, next))}
            />
          </>
        )}
      </section>
    </>
  );
}
