import type { LicenseReportRow } from '@vpp/contracts/reports';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ListCard } from '../../../components/list-card.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { useLocaleFormat } from '../../../lib/locale-format.ts';
import { usePrefetchNextPage } from '../../../lib/prefetch-next-page.ts';
import { useSignedInUser } from '../../auth/signed-in-user.ts';
import { LicenseHistoryDialog } from '../../license-history/index.ts';
import { useSettings } from '../../settings/api/get-settings.ts';
import {
  LICENSE_REPORT_PAGE_SIZE,
  licenseReportCsvUrl,
  licenseReportQueryOptions,
  useLicenseReport,
} from '../api/get-license-report.ts';
import {
  type LicenseReportView,
  paramsFromView,
  tablePageQuery,
  viewFromParams,
} from '../license-report-view.ts';
import { CostByCategoryCard } from './cost-by-category-card.tsx';
import { LicenseChartCard } from './license-chart-card.tsx';
import { LicenseReportFilters, useTokenChoices } from './license-report-filters.tsx';
import { LicenseReportTable } from './license-report-table.tsx';
import { PriceDialog } from './price-dialog.tsx';

/** On paper the form is gone: what the report was narrowed to is said in words instead. */
function PrintedFilters({ view, asOf }: { view: LicenseReportView; asOf: number }) {
  const { t } = useTranslation();
  const format = useLocaleFormat();
  const tokens = useTokenChoices(view.filters.tokenId);
  const { tokenId, category, tokenType, search } = view.filters;
  const parts: string[] = [];
  if (search) parts.push(t('reports.licenseCounts.printed.search', { value: search }));
  if (tokenId) {
    const name = tokens.choices.find((token) => token.id === tokenId)?.name ?? tokenId;
    parts.push(t('reports.licenseCounts.printed.token', { value: name }));
  }
  if (category) parts.push(t('reports.licenseCounts.printed.category', { value: category }));
  if (tokenType) {
    parts.push(t('reports.licenseCounts.printed.tokenType', { value: t(`tokens.types.${tokenType}`) }));
  }
  return (
    <div className="print-only report-print-summary">
      <p>{parts.length > 0 ? parts.join(' · ') : t('reports.licenseCounts.printed.noFilters')}</p>
      {asOf > 0 && (
        <p>{t('reports.licenseCounts.printed.asOf', { time: format.dateTime(new Date(asOf)) })}</p>
      )}
    </div>
  );
}

/** "Apple VPP apps and books with license counts": filters, chart, the table with totals, CSV and print. */
export function LicenseReportPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const search = params.toString();
  const view = useMemo(() => viewFromParams(new URLSearchParams(search)), [search]);
  const query = useMemo(() => tablePageQuery(view), [view]);
  const report = useLicenseReport(query);
  const settings = useSettings();
  const total = report.data?.total ?? 0;
  const hasFilters = Object.values(view.filters).some(Boolean);
  const [historyOf, setHistoryOf] = useState<LicenseReportRow | null>(null);
  const [priceOf, setPriceOf] = useState<LicenseReportRow | null>(null);
  const user = useSignedInUser();

  const show = (next: Partial<LicenseReportView>, replace = false) =>
    setParams(paramsFromView({ ...view, ...next }), { replace, preventScrollReset: true });

  usePrefetchNextPage(query, total, licenseReportQueryOptions);

  return (
    <>
      <PageHeader
        title={t('reports.licenseCounts.title')}
        intro={t('reports.licenseCounts.intro')}
        actions={
          <>
            {/* A plain download: the browser sends the session cookie and saves what the API streams. */}
            <a className="button button--primary" href={licenseReportCsvUrl(view.filters)} download>
              {t('reports.licenseCounts.exportCsv')}
              {report.data && (
                <span className="visually-hidden">
                  {' '}
                  {t('reports.licenseCounts.exportCsvRows', { count: total })}
                </span>
              )}
            </a>
            <button type="button" className="button button--secondary" onClick={() => window.print()}>
              {t('reports.licenseCounts.print')}
            </button>
          </>
        }
      />
      <PrintedFilters view={view} asOf={report.dataUpdatedAt} />
      <section className="card no-print" aria-label={t('reports.licenseCounts.filters.label')}>
        {/* Remount on a changed address (back button, cleared filters) so the form shows what is applied. */}
        <LicenseReportFilters
          key={JSON.stringify(view.filters)}
          filters={view.filters}
          onApply={(filters) => show({ filters, page: 1 })}
        />
      </section>
      <LicenseChartCard view={view} onChange={(chart, top) => show({ chart, top }, true)} />
      <ListCard
        id="license-report-results"
        title={t('reports.licenseCounts.caption')}
        results={(count) => t('reports.licenseCounts.results', { count })}
        list={report}
        empty={hasFilters ? t('reports.licenseCounts.emptyFiltered') : t('reports.licenseCounts.empty')}
        paging={{ page: view.page, pageSize: LICENSE_REPORT_PAGE_SIZE, goToPage: (page) => show({ page }) }}
        pagination="always"
      >
        {(items, data) => (
          <LicenseReportTable
            rows={items}
            totals={data.totals}
            sort={view.sort}
            onSort={(sort) => show({ sort, page: 1 })}
            thresholdPercent={settings.data?.lowLicenseThresholdPercent}
            onShowHistory={setHistoryOf}
            currency={data.currency}
            {...(user.role === 'admin' ? { onSetPrice: setPriceOf } : {})}
          />
        )}
      </ListCard>
      {report.data?.totals.costByCategory.some(
        (entry) => entry.valueInUseMinor + entry.valueIdleMinor > 0,
      ) && <CostByCategoryCard totals={report.data.totals} currency={report.data.currency} />}
      {priceOf && report.data && (
        <PriceDialog row={priceOf} currency={report.data.currency} onClose={() => setPriceOf(null)} />
      )}
      {historyOf && (
        <LicenseHistoryDialog
          storeAppId={historyOf.storeAppId}
          appName={historyOf.appName}
          tokenName={historyOf.tokenName}
          onClose={() => setHistoryOf(null)}
        />
      )}
    </>
  );
}
