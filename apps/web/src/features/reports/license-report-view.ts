import { licenseReportQuerySchema, licenseReportSortKeys } from '@vpp/contracts/reports';
import { licenseReportPath } from '../../app/paths.ts';
import { filtersFrom } from '../../lib/list-filters.ts';
import { pageFromParams } from '../../lib/url-params.ts';
import {
  LICENSE_REPORT_PAGE_SIZE,
  type LicenseReportFilters,
  type LicenseReportPageQuery,
  licenseReportFilterShape,
} from './api/get-license-report.ts';

// What the report page shows lives in its address (filters, sort, page, chart), so a view can be
// bookmarked, shared, printed again later, and the back button steps through the changes.

export type LicenseReportSortKey = (typeof licenseReportSortKeys)[number];

export const chartViews = ['apps', 'tokens'] as const;
export type ChartView = (typeof chartViews)[number];

/** How many apps (or tokens) the chart shows, the most used first. */
export const chartSizes = [10, 20, 50] as const;
export type ChartSize = (typeof chartSizes)[number];

export interface LicenseReportView {
  filters: LicenseReportFilters;
  /** A sort key of the API, `-` first for descending. */
  sort: string;
  page: number;
  chart: ChartView;
  top: ChartSize;
}

const DEFAULT_SORT = 'appName';
const DEFAULT_CHART: ChartView = 'apps';
const DEFAULT_TOP: ChartSize = 10;
const shape = licenseReportQuerySchema.shape;

function isChartView(value: string | null): value is ChartView {
  return (chartViews as readonly (string | null)[]).includes(value);
}

function isChartSize(value: number): value is ChartSize {
  return (chartSizes as readonly number[]).includes(value);
}

/** Reads the address; anything the API would refuse is left out rather than shown as an error. */
export function viewFromParams(params: URLSearchParams): LicenseReportView {
  const filters = filtersFrom(licenseReportFilterShape, (name) => params.get(name));

  const sort = shape.sort.safeParse(params.get('sort') ?? undefined);
  const chart = params.get('chart');
  const top = Number(params.get('top'));
  return {
    filters,
    sort: sort.success ? sort.data : DEFAULT_SORT,
    page: pageFromParams(params),
    chart: isChartView(chart) ? chart : DEFAULT_CHART,
    top: isChartSize(top) ? top : DEFAULT_TOP,
  };
}

/** The address of a view; defaults are left out to keep it short. */
export function paramsFromView(view: LicenseReportView): Record<string, string> {
  const params: Record<string, string> = {};
  const { tokenId, category, tokenType, search } = view.filters;
  if (tokenId) params.tokenId = tokenId;
  if (category) params.category = category;
  if (tokenType) params.tokenType = tokenType;
  if (search) params.search = search;
  if (view.filters.runsOutWithinDays !== undefined)
    params.runsOutWithinDays = String(view.filters.runsOutWithinDays);
  if (view.filters.asOf) params.asOf = view.filters.asOf;
  if (view.sort !== DEFAULT_SORT) params.sort = view.sort;
  if (view.page > 1) params.page = String(view.page);
  if (view.chart !== DEFAULT_CHART) params.chart = view.chart;
  if (view.top !== DEFAULT_TOP) params.top = String(view.top);
  return params;
}

/** A link to the report with these filters (and sort), e.g. from the dashboard. */
export function licenseReportHref(filters: LicenseReportFilters, sort = DEFAULT_SORT): string {
  return licenseReportPath(
    paramsFromView({ filters, sort, page: 1, chart: DEFAULT_CHART, top: DEFAULT_TOP }),
  );
}

/** The table's page of the report. */
export function tablePageQuery(view: LicenseReportView): LicenseReportPageQuery {
  return { ...view.filters, sort: view.sort, page: view.page, pageSize: LICENSE_REPORT_PAGE_SIZE };
}

/** The chart's apps: the report sorted by licenses in use, as many rows as the chart shows. */
export function topAppsQuery(view: LicenseReportView): LicenseReportPageQuery {
  return { ...view.filters, sort: '-inUse', page: 1, pageSize: view.top };
}

export interface SortState {
  key: LicenseReportSortKey;
  descending: boolean;
}

function isSortKey(value: string): value is LicenseReportSortKey {
  return (licenseReportSortKeys as readonly string[]).includes(value);
}

export function parseSort(sort: string): SortState {
  const descending = sort.startsWith('-');
  const key = descending ? sort.slice(1) : sort;
  return isSortKey(key) ? { key, descending } : { key: DEFAULT_SORT, descending: false };
}

const textKeys: readonly LicenseReportSortKey[] = ['appName', 'tokenName'];

/**
 * Sorting by a column again turns the order round; a new column starts A to Z for names and with
 * the largest number first for counts, which is what a reader looking at counts wants to see.
 */
export function toggledSort(current: string, key: LicenseReportSortKey): string {
  const state = parseSort(current);
  const descending = state.key === key ? !state.descending : !textKeys.includes(key);
  return descending ? `-${key}` : key;
}
