import { settingsSchema } from '@vpp/contracts/settings';
import { apiRequest } from '../../../lib/api-client.ts';
import { apiQuery } from '../../../lib/api-hooks.ts';

export const settingsQueryKey = ['settings'] as const;

export const { options: settingsQueryOptions, use: useSettings } = apiQuery({
  key: () => settingsQueryKey,
  get: (signal) => apiRequest('/api/settings', settingsSchema, { signal }),
});

/** Set in a query's meta (`{ [DEPENDS_ON_SETTINGS]: true }`) when what it shows changes with a setting. */
export const DEPENDS_ON_SETTINGS = 'dependsOnSettings';
