import { useTranslation } from 'react-i18next';
import { ListCard } from '../../../components/list-card.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { usePrefetchNextPage } from '../../../lib/prefetch-next-page.ts';
import { useListParams } from '../../../lib/use-list-params.ts';
import {
  AUDIT_LOG_PAGE_SIZE,
  auditLogFilterShape,
  auditLogQueryOptions,
  useAuditLog,
} from '../api/get-audit-log.ts';
import { AuditLogFilters } from './audit-log-filters.tsx';
import { AuditLogTable } from './audit-log-table.tsx';

export function AuditLogPage() {
  const { t } = useTranslation();
  const list = useListParams(auditLogFilterShape, AUDIT_LOG_PAGE_SIZE);
  const auditLog = useAuditLog(list.query);
  const total = auditLog.data?.total ?? 0;

  usePrefetchNextPage(list.query, total, auditLogQueryOptions);

  return (
    <>
      <PageHeader title={t('auditLog.title')} intro={t('auditLog.intro')} />
      <section className="card" aria-label={t('auditLog.filters')}>
        <AuditLogFilters key={list.filterKey} filters={list.filters} onApply={list.applyFilters} />
      </section>
      <ListCard
        id="audit-log-results"
        title={t('auditLog.caption')}
        results={(count) => t('auditLog.results', { count })}
        list={auditLog}
        empty={t('auditLog.empty')}
        paging={list}
        pagination="always"
      >
        {(items) => <AuditLogTable entries={items} />}
      </ListCard>
    </>
  );
}
