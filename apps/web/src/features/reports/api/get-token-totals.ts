import { useQueries } from '@tanstack/react-query';
import type { LicenseReport } from '@vpp/contracts/reports';
import { type LicenseReportPageQuery, licenseReportQueryOptions } from './get-license-report.ts';

/** The report narrowed to one token: its totals are the token's, whatever the page holds. */
export function tokenTotalsQuery(tokenId: string, search: string | undefined): LicenseReportPageQuery {
  return { tokenId, search, sort: 'appName', page: 1, pageSize: 1 };
}

const selectTotals = (report: LicenseReport) => report.totals;

/**
 * The license totals of each of these tokens, one small report request per token (the API has no
 * per-token grouping), under the report's own query keys.
 */
export function useTokenTotals(tokenIds: readonly string[], search: string | undefined) {
  return useQueries({
    queries: tokenIds.map((tokenId) => ({
      ...licenseReportQueryOptions(tokenTotalsQuery(tokenId, search)),
      select: selectTotals,
    })),
  });
}
