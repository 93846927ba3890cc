import { syncHealthSchema } from '@vpp/contracts/tokens';
import { apiRequest } from '../../../lib/api-client.ts';
import { apiQuery } from '../../../lib/api-hooks.ts';

export const syncHealthQueryKey = ['sync-health'] as const;

export const { options: syncHealthQueryOptions, use: useSyncHealth } = apiQuery({
  key: () => syncHealthQueryKey,
  get: (signal) => apiRequest('/api/sync-health', syncHealthSchema, { signal }),
  // Data turns stale by the clock, not by anything the reader does: look again every few minutes.
  refetchInterval: 5 * 60_000,
});
