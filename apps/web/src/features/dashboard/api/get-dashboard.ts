import { queryOptions, useQuery } from '@tanstack/react-query';
import { dashboardSchema } from '@vpp/contracts/reports';
import { apiRequest } from '../../../lib/api-client.ts';
import { DEPENDS_ON_SETTINGS } from '../../settings/api/get-settings.ts';

export const dashboardQueryKey = ['dashboard'] as const;

export function getDashboard(signal?: AbortSignal) {
  return apiRequest('/api/dashboard', dashboardSchema, { signal });
}

export const dashboardQueryOptions = () =>
  queryOptions({
    queryKey: dashboardQueryKey,
    queryFn: ({ signal }) => getDashboard(signal),
    // Syncs finish and tokens expire while the page is open: look again every minute.
    refetchInterval: 60_000,
    // The "running low" list is drawn with the low-license threshold.
    meta: { [DEPENDS_ON_SETTINGS]: true },
  });

export function useDashboard() {
  return useQuery(dashboardQueryOptions());
}
