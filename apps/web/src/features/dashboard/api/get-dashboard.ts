import { queryOptions, useQuery } from '@tanstack/react-query';
import { dashboardSchema } from '@vpp/contracts/reports';
import { apiRequest } from '../../../lib/api-client.ts';

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
  });

export function useDashboard() {
  return useQuery(dashboardQueryOptions());
}
