import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type Settings, settingsSchema } from '@vpp/contracts/settings';
import { apiRequest } from '../../../lib/api-client.ts';
import { dashboardQueryKey } from '../../dashboard/api/get-dashboard.ts';
import { settingsQueryKey } from './get-settings.ts';

export function updateSettings(body: Partial<Settings>) {
  return apiRequest('/api/settings', settingsSchema, { method: 'PATCH', body });
}

export function useUpdateSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateSettings,
    onSuccess: (settings) => {
      queryClient.setQueryData(settingsQueryKey, settings);
      // The dashboard's "running low" list is drawn with the threshold: it changes with it.
      return queryClient.invalidateQueries({ queryKey: dashboardQueryKey });
    },
  });
}
