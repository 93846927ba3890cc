import type { LicenseReport, LicenseReportRow } from '@vpp/contracts/reports';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { tokenPath } from '../../../app/paths.ts';
import { Badge } from '../../../components/badge.tsx';
import { StackedTime } from '../../../components/stacked-time.tsx';
import { useLocaleFormat } from '../../../lib/locale-format.ts';
import { formatMoney } from '../../../lib/money.ts';
import { type LicenseReportSortKey, parseSort, toggledSort } from '../license-report-view.ts';
import { licenseLevel } from '../running-low.ts';

interface SortableHeaderProps {
  column: LicenseReportSortKey;
  sort: string;
  onSort: (sort: string) => void;
  numeric?: boolean;
  hideNarrow?: boolean;
  children: string;
}

/** A column heading that sorts the report; the heading says how the table is sorted. */
function SortableHeader({
  column,
  sort,
  onSort,
  numeric = false,
  hideNarrow = false,
  children,
}: SortableHeaderProps) {
  const state = parseSort(sort);
  const active = state.key === column;
  const direction = active ? (state.descending ? 'descending' : 'ascending') : undefined;
  return (
    <th
      scope="col"
      aria-sort={direction}
      className={`${numeric ? 'numeric ' : ''}${hideNarrow ? 'hide-narrow ' : ''}license-table__heading`}
    >
      <button type="button" className="sort-button" onClick={() => onSort(toggledSort(sort, column))}>
        {children}
        <span className="sort-button__icon" data-direction={direction ?? 'none'} aria-hidden="true" />
      </button>
    </th>
  );
}

function Unlimited() {
  const { t } = useTranslation();
  return <span className="muted">{t('reports.licenseCounts.unlimited')}</span>;
}

interface AvailableCellProps {
  row: LicenseReportRow;
  thresholdPercent: number | undefined;
}

/** Available licenses, marked when the app is running low (once the threshold is known). */
function AvailableCell({ row, thresholdPercent }: AvailableCellProps) {
  const { t } = useTranslation();
  const format = useLocaleFormat();
  if (row.available === null) return <Unlimited />;
  const level = thresholdPercent === undefined ? 'enough' : licenseLevel(row, thresholdPercent);
  return (
    <span className="count-with-level">
      {level === 'none-left' && <Badge tone="danger">{t('reports.licenseCounts.noneLeft')}</Badge>}
      {level === 'low' && <Badge tone="warning">{t('reports.licenseCounts.low')}</Badge>}
      <span>{format.number(row.available)}</span>
    </span>
  );
}

interface LicenseReportTableProps {
  rows: LicenseReportRow[];
  totals: LicenseReport['totals'];
  sort: string;
  onSort: (sort: string) => void;
  /** Marks the apps running low; undefined while the setting loads. */
  thresholdPercent: number | undefined;
  /** Opens the row's license history. */
  onShowHistory?: (row: LicenseReportRow) => void;
  /** The organisation's currency the money columns are in. */
  currency?: string;
  /** Admins: opens the row's price dialog. */
  onSetPrice?: (row: LicenseReportRow) => void;
}

/** When the app runs out at its burn rate, and what to buy for the horizon (docs/license-intelligence.md). */
function ForecastCells({ row }: { row: LicenseReportRow }) {
  const { t } = useTranslation();
  const format = useLocaleFormat();
  const forecast = row.forecast;
  if (!forecast) {
    return (
      <>
        <td className="numeric hide-narrow muted">—</td>
        <td className="numeric hide-narrow muted">—</td>
      </>
    );
  }
  return (
    <>
      <td className="numeric hide-narrow stacked-cell">
        {forecast.daysUntilExhausted === null || forecast.exhaustedOn === null ? (
          <span className="muted">{t('reports.licenseCounts.forecast.notRunningOut')}</span>
        ) : (
          <>
            <span>{t('reports.licenseCounts.forecast.days', { count: forecast.daysUntilExhausted })}</span>
            <span className="stacked-cell__secondary">{format.date(forecast.exhaustedOn)}</span>
          </>
        )}
      </td>
      <td className="numeric hide-narrow">{format.number(forecast.suggestedPurchase)}</td>
    </>
  );
}

/** One row per app per token, with the totals of every matching row (not only this page) at the foot. */
export function LicenseReportTable({
  rows,
  totals,
  sort,
  onSort,
  thresholdPercent,
  onShowHistory,
  currency = 'EUR',
  onSetPrice,
}: LicenseReportTableProps) {
  const { t } = useTranslation();
  const format = useLocaleFormat();
  const money = (minor: number | null) =>
    minor === null ? <span className="muted">—</span> : formatMoney(minor, currency, format.locale);

  return (
    <div className="table-wrap">
      <table className="table license-table">
        <caption className="visually-hidden">{t('reports.licenseCounts.caption')}</caption>
        <thead>
          <tr>
            <SortableHeader column="appName" sort={sort} onSort={onSort}>
              {t('reports.licenseCounts.columns.app')}
            </SortableHeader>
            <SortableHeader column="tokenName" sort={sort} onSort={onSort}>
              {t('reports.licenseCounts.columns.token')}
            </SortableHeader>
            <SortableHeader column="totalPurchased" sort={sort} onSort={onSort} numeric>
              {t('reports.licenseCounts.columns.totalPurchased')}
            </SortableHeader>
            <SortableHeader column="inUse" sort={sort} onSort={onSort} numeric>
              {t('reports.licenseCounts.columns.inUse')}
            </SortableHeader>
            <SortableHeader column="available" sort={sort} onSort={onSort} numeric>
              {t('reports.licenseCounts.columns.available')}
            </SortableHeader>
            <SortableHeader column="retired" sort={sort} onSort={onSort} numeric>
              {t('reports.licenseCounts.columns.retired')}
            </SortableHeader>
            <SortableHeader column="daysUntilExhausted" sort={sort} onSort={onSort} numeric hideNarrow>
              {t('reports.licenseCounts.columns.runsOut')}
            </SortableHeader>
            <th scope="col" className="numeric hide-narrow license-table__heading">
              {t('reports.licenseCounts.columns.suggestedPurchase')}
            </th>
            <th scope="col" className="numeric hide-narrow license-table__heading">
              {t('reports.licenseCounts.columns.valueInUse')}
            </th>
            <th scope="col" className="numeric hide-narrow license-table__heading">
              {t('reports.licenseCounts.columns.valueIdle')}
            </th>
            <th scope="col" className="numeric hide-narrow license-table__heading">
              {t('reports.licenseCounts.columns.deployedApplications')}
            </th>
            <th scope="col" className="hide-narrow license-table__heading">
              {t('reports.licenseCounts.columns.lastSynced')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.storeAppId}>
              <th scope="row" className="stacked-cell license-table__app">
                <span>
                  {row.appName}
                  {row.productType === 'BOOK' && (
                    <span className="chip license-table__kind">{t('reports.licenseCounts.book')}</span>
                  )}
                </span>
                <span className="stacked-cell__secondary mono">{row.adamId}</span>
                {onShowHistory && (
                  <button type="button" className="link-button no-print" onClick={() => onShowHistory(row)}>
                    {t('reports.licenseCounts.showHistory')}
                    <span className="visually-hidden"> {row.appName}</span>
                  </button>
                )}
              </th>
              <td className="stacked-cell license-table__token">
                <Link to={tokenPath(row.tokenId)}>{row.tokenName}</Link>
                <span className="stacked-cell__secondary">{t(`tokens.types.${row.tokenType}`)}</span>
              </td>
              <td className="numeric">
                {row.totalPurchased === null ? <Unlimited /> : format.number(row.totalPurchased)}
              </td>
              <td className="numeric">{format.number(row.inUse)}</td>
              <td className="numeric">
                <AvailableCell row={row} thresholdPercent={thresholdPercent} />
              </td>
              <td className="numeric">{format.number(row.retired)}</td>
              <ForecastCells row={row} />
              <td className="numeric hide-narrow stacked-cell">
                <span>{money(row.valueInUseMinor)}</span>
                {row.unitPriceMinor !== null && (
                  <span className="stacked-cell__secondary">
                    {t('reports.licenseCounts.price.each', { price: money(row.unitPriceMinor) })}
                  </span>
                )}
                {onSetPrice && (
                  <button type="button" className="link-button no-print" onClick={() => onSetPrice(row)}>
                    {t('reports.licenseCounts.price.set')}
                    <span className="visually-hidden"> {row.appName}</span>
                  </button>
                )}
              </td>
              <td className="numeric hide-narrow">{money(row.valueIdleMinor)}</td>
              <td className="numeric hide-narrow">{format.number(row.deployedApplications)}</td>
              <td className="nowrap hide-narrow">
                {row.lastSyncedAt ? (
                  <StackedTime value={row.lastSyncedAt} />
                ) : (
                  <span className="muted">{t('reports.licenseCounts.never')}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={2} className="stacked-cell license-table__total">
              <span>{t('reports.licenseCounts.totals', { count: totals.apps })}</span>
              {totals.unlimitedApps > 0 && (
                <span className="stacked-cell__secondary">
                  {t('reports.licenseCounts.unlimitedApps', { count: totals.unlimitedApps })}
                </span>
              )}
            </th>
            <td className="numeric license-table__total">{format.number(totals.totalPurchased)}</td>
            <td className="numeric license-table__total">{format.number(totals.inUse)}</td>
            <td className="numeric license-table__total">{format.number(totals.available)}</td>
            <td className="numeric license-table__total">{format.number(totals.retired)}</td>
            <td className="hide-narrow license-table__total" />
            <td className="hide-narrow license-table__total" />
            <td className="numeric hide-narrow license-table__total">{money(totals.valueInUseMinor)}</td>
            <td className="numeric hide-narrow license-table__total">{money(totals.valueIdleMinor)}</td>
            <td className="hide-narrow license-table__total" />
            <td className="hide-narrow license-table__total" />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
