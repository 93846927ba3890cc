import { useQuery } from '@tanstack/react-query';
import { lazy, type ReactNode, Suspense, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Card } from '../../../components/card.tsx';
import { DataTable } from '../../../components/data-table.tsx';
import { SelectField } from '../../../components/form-field.tsx';
import { LoadError } from '../../../components/load-error.tsx';
import { LoadingState } from '../../../components/loading-state.tsx';
import { useLocaleFormat } from '../../../lib/locale-format.ts';
import { tokenQueryOptions } from '../../tokens/api/get-token.ts';
import { tokensQueryOptions } from '../../tokens/api/get-tokens.ts';
import { useLicenseReport } from '../api/get-license-report.ts';
import { useTokenTotals } from '../api/get-token-totals.ts';
import { type AppBar, appBars, type LicenseBar, type TokenBar, tokenBars } from '../license-chart-data.ts';
import {
  type ChartSize,
  type ChartView,
  chartSizes,
  chartViews,
  type LicenseReportView,
  topAppsQuery,
} from '../license-report-view.ts';

// recharts is large and only this page draws with it: it loads when the chart is first shown.
const LicenseChart = lazy(() =>
  import('./license-chart.tsx').then((module) => ({ default: module.LicenseChart })),
);

interface ChartFigureProps {
  caption: string;
  /** What the picture shows, read instead of it; the figures are in the table under it. */
  summary: string;
  bars: readonly LicenseBar[];
  note?: string | undefined;
  table: ReactNode;
}

/** The chart with its caption, and its figures as a table: the text alternative of the drawing. */
function ChartFigure({ caption, summary, bars, note, table }: ChartFigureProps) {
  const { t } = useTranslation();
  const captionId = useId();
  return (
    <figure className="chart-figure" aria-labelledby={captionId}>
      <figcaption className="chart-figure__caption" id={captionId}>
        {caption}
      </figcaption>
      <Suspense fallback={<LoadingState />}>
        <div className="chart-figure__chart" role="img" aria-label={summary}>
          <LicenseChart bars={bars} />
        </div>
      </Suspense>
      {note && <p className="chart-figure__note">{note}</p>}
      <details className="chart-figure__data">
        <summary>{t('reports.chart.showTable')}</summary>
        <div className="table-wrap">{table}</div>
      </details>
    </figure>
  );
}

function ChartMessage({ children }: { children: ReactNode }) {
  return <p className="empty-state">{children}</p>;
}

function ChartError({ error, retry }: { error: unknown; retry: () => void }) {
  return <LoadError error={error} onRetry={retry} className="card__body" alert="message" />;
}

function AppsTable({ bars }: { bars: readonly AppBar[] }) {
  const { t } = useTranslation();
  const format = useLocaleFormat();
  return (
    <DataTable
      className="table--compact"
      caption={t('reports.chart.appsTableCaption')}
      columns={[
        t('reports.licenseCounts.columns.app'),
        t('reports.licenseCounts.columns.token'),
        [t('reports.chart.inUse'), 'numeric'],
        [t('reports.chart.available'), 'numeric'],
      ]}
      wrap={false}
    >
      {bars.map((bar) => (
        <tr key={bar.id}>
          <th scope="row">{bar.label}</th>
          <td>{bar.tokenName}</td>
          <td className="numeric">{format.number(bar.inUse)}</td>
          <td className="numeric">
            {bar.unlimited ? t('reports.licenseCounts.unlimited') : format.number(bar.available)}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

function TokensTable({ bars }: { bars: readonly TokenBar[] }) {
  const { t } = useTranslation();
  const format = useLocaleFormat();
  return (
    <table className="table table--compact">
      <caption className="visually-hidden">{t('reports.chart.tokensTableCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('reports.licenseCounts.columns.token')}</th>
          <th scope="col" className="numeric">
            {t('reports.chart.columns.apps')}
          </th>
          <th scope="col" className="numeric">
            {t('reports.chart.inUse')}
          </th>
          <th scope="col" className="numeric">
            {t('reports.chart.available')}
          </th>
        </tr>
      </thead>
      <tbody>
        {bars.map((bar) => (
          <tr key={bar.id}>
            <th scope="row">{bar.label}</th>
            <td className="numeric">{format.number(bar.apps)}</td>
            <td className="numeric">{format.number(bar.inUse)}</td>
            <td className="numeric">{format.number(bar.available)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The apps with the most licenses in use, as many as chosen, with the report's filters. */
function TopAppsChart({ view }: { view: LicenseReportView }) {
  const { t } = useTranslation();
  const top = useLicenseReport(topAppsQuery(view));

  if (top.isPending) return <LoadingState />;
  if (top.isError) return <ChartError error={top.error} retry={() => top.refetch()} />;
  const bars = appBars(top.data.items);
  if (bars.length === 0) return <ChartMessage>{t('reports.chart.empty')}</ChartMessage>;
  return (
    <ChartFigure
      caption={t('reports.chart.appsCaption', { count: bars.length })}
      summary={t('reports.chart.appsSummary', { count: bars.length })}
      bars={bars}
      note={bars.some((bar) => bar.unlimited) ? t('reports.chart.unlimitedNote') : undefined}
      table={<AppsTable bars={bars} />}
    />
  );
}

interface ChartToken {
  id: string;
  name: string;
}

/** The tokens whose totals the chart shows: the chosen one, or the first ones matching the filters. */
function useChartTokens(view: LicenseReportView) {
  const { tokenId, tokenType, category } = view.filters;
  const list = useQuery({
    ...tokensQueryOptions({ page: 1, pageSize: view.top, type: tokenType, category }),
    enabled: tokenId === undefined,
  });
  const one = useQuery({ ...tokenQueryOptions(tokenId ?? ''), enabled: tokenId !== undefined });
  if (tokenId !== undefined) {
    const tokens: ChartToken[] = one.data ? [{ id: one.data.id, name: one.data.name }] : [];
    return { query: one, tokens, total: tokens.length };
  }
  const tokens: ChartToken[] = (list.data?.items ?? []).map(({ id, name }) => ({ id, name }));
  return { query: list, tokens, total: list.data?.total ?? 0 };
}

/** Licenses in use and available per token, the most used first. */
function TokensChart({ view }: { view: LicenseReportView }) {
  const { t } = useTranslation();
  const { query, tokens, total } = useChartTokens(view);
  const totals = useTokenTotals(
    tokens.map((token) => token.id),
    view.filters.search,
  );

  if (query.isPending) return <LoadingState />;
  if (query.isError) return <ChartError error={query.error} retry={() => query.refetch()} />;
  const failed = totals.find((result) => result.isError);
  if (failed) return <ChartError error={failed.error} retry={() => failed.refetch()} />;
  if (totals.some((result) => result.isPending)) return <LoadingState />;

  const bars = tokenBars(
    tokens.flatMap((token, index) => {
      const data = totals[index]?.data;
      return data ? [{ ...token, totals: data }] : [];
    }),
  );
  if (bars.length === 0) return <ChartMessage>{t('reports.chart.empty')}</ChartMessage>;
  return (
    <ChartFigure
      caption={t('reports.chart.tokensCaption')}
      summary={t('reports.chart.tokensSummary', { count: bars.length })}
      bars={bars}
      note={[
        total > tokens.length ? t('reports.chart.tokensTruncated', { shown: tokens.length, total }) : '',
        bars.some((bar) => bar.unlimitedApps > 0) ? t('reports.chart.tokensUnlimitedNote') : '',
      ]
        .filter(Boolean)
        .join(' ')}
      table={<TokensTable bars={bars} />}
    />
  );
}

interface LicenseChartCardProps {
  view: LicenseReportView;
  onChange: (chart: ChartView, top: ChartSize) => void;
}

/** The report as a chart: per app (the most used) or per token, with how many bars to draw. */
export function LicenseChartCard({ view, onChange }: LicenseChartCardProps) {
  const { t } = useTranslation();
  const format = useLocaleFormat();
  const sizeOptions = chartSizes.map((size) => ({ value: String(size), label: format.number(size) }));

  return (
    <Card id="license-chart-heading" title={t('reports.chart.title')} className="chart-card">
      <div className="chart-controls">
        <fieldset className="segmented">
          <legend className="field__label">{t('reports.chart.view')}</legend>
          <div className="segmented__options">
            {chartViews.map((chart) => (
              <label key={chart} className="segmented__option">
                <input
                  type="radio"
                  name="license-chart-view"
                  value={chart}
                  checked={view.chart === chart}
                  onChange={() => onChange(chart, view.top)}
                />
                <span>{t(`reports.chart.views.${chart}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <SelectField
          label={view.chart === 'apps' ? t('reports.chart.appsShown') : t('reports.chart.tokensShown')}
          value={String(view.top)}
          onChange={(event) => {
            const size = chartSizes.find((option) => String(option) === event.target.value);
            if (size) onChange(view.chart, size);
          }}
          options={sizeOptions}
        />
      </div>
      {view.chart === 'apps' ? <TopAppsChart view={view} /> : <TokensChart view={view} />}
    </Card>
  );
}
