import { type Settings, settingsSchema } from '@vpp/contracts/settings';
import { apiRequest } from '../../../lib/api-client.ts';
import { useReplacingMutation } from '../../../lib/api-hooks.ts';
import { DEPENDS_ON_SETTINGS, settingsQueryKey } from './get-settings.ts';

export function updateSettings(body: Partial<Settings>) {
  return apiRequest('/api/settings', settingsSchema, { method: 'PATCH', body });
}

export function useUpdateSettings() {
  // Views drawn with a setting (the dashboard's "running low" list) say so in their query's meta.
  return useReplacingMutation(updateSettings, settingsQueryKey, (_settings, queryClient) =>
    queryClient.invalidateQueries({ predicate: (query) => query.meta?.[DEPENDS_ON_SETTINGS] === true }),
  );
}
