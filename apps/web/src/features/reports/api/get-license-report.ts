import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import {
  type LicenseReportQuery,
  licenseReportQuerySchema,
  licenseReportSchema,
} from '@vpp/contracts/reports';
import { apiRequest, buildUrl } from '../../../lib/api-client.ts';
import type { FiltersOf } from '../../../lib/list-filters.ts';

const LICENSE_REPORT_PATH = '/api/reports/license-counts';

export const LICENSE_REPORT_PAGE_SIZE = 50;

/** The filters of the report, read as the API reads them. */
export const licenseReportFilterShape = licenseReportQuerySchema.pick({
  tokenId: true,
  category: true,
  tokenType: true,
  search: true,
  runsOutWithinDays: true,
  asOf: true,
}).shape;
export type LicenseReportFilters = FiltersOf<typeof licenseReportFilterShape>;
/** One page of the report as JSON; the CSV takes the same filters. */
export type LicenseReportPageQuery = Omit<LicenseReportQuery, 'format'>;

/** Every page, chart and total of the report lives under this key, to refresh it at once. */
export const licenseReportQueryKey = ['license-report'] as const;

/** The first page without filters: what the page shows when opened from the navigation. */
export const firstLicenseReportPage: LicenseReportPageQuery = {
  sort: 'appName',
  page: 1,
  pageSize: LICENSE_REPORT_PAGE_SIZE,
};

export function getLicenseReport(query: LicenseReportPageQuery, signal?: AbortSignal) {
  return apiRequest(LICENSE_REPORT_PATH, licenseReportSchema, { query: { ...query }, signal });
}

/** The CSV download of every row matching the filters (the API orders it by token, then app). */
export function licenseReportCsvUrl(filters: LicenseReportFilters): string {
  return buildUrl(LICENSE_REPORT_PATH, { format: 'csv', ...filters });
}

export const licenseReportQueryOptions = (query: LicenseReportPageQuery) =>
  queryOptions({
    queryKey: [...licenseReportQueryKey, query],
    queryFn: ({ signal }) => getLicenseReport(query, signal),
    placeholderData: keepPreviousData,
  });

export function useLicenseReport(query: LicenseReportPageQuery) {
  return useQuery(licenseReportQueryOptions(query));
}
