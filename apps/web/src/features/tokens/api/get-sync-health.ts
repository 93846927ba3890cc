import { queryOptions, useQuery } from '@tanstack/react-query';
import { syncHealthSchema } from '@vpp/contracts/tokens';
import { apiRequest } from '../../../lib/api-client.ts';

export const syncHealthQueryKey = ['sync-health'] as const;

export function getSyncHealth(signal?: AbortSignal) {
  return apiRequest('/api/sync-health', syncHealthSchema, { signal });
}

export const syncHealthQueryOptions = () =>
  queryOptions({
    queryKey: syncHealthQueryKey,
    queryFn: ({ signal }) => getSyncHealth(signal),
    // Data turns stale by the clock, not by anything the reader does: look again every few minutes.
    refetchInterval: 5 * 60_000,
  });

export function useSyncHealth() {
  return useQuery(syncHealthQueryOptions());
}
