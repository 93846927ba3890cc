import { queryOptions, useQuery } from '@tanstack/react-query';
import { settingsSchema } from '@vpp/contracts/settings';
import { apiRequest } from '../../../lib/api-client.ts';

export const settingsQueryKey = ['settings'] as const;

export function getSettings(signal?: AbortSignal) {
  return apiRequest('/api/settings', settingsSchema, { signal });
}

export const settingsQueryOptions = () =>
  queryOptions({
    queryKey: settingsQueryKey,
    queryFn: ({ signal }) => getSettings(signal),
  });

export function useSettings() {
  return useQuery(settingsQueryOptions());
}

/** Set in a query's meta (`{ [DEPENDS_ON_SETTINGS]: true }`) when what it shows changes with a setting. */
export const DEPENDS_ON_SETTINGS = 'dependsOnSettings';
