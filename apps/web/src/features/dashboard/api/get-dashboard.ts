import { dashboardSchema } from '@vpp/contracts/reports';
import { apiRequest } from '../../../lib/api-client.ts';
import { apiQuery } from '../../../lib/api-hooks.ts';
import { DEPENDS_ON_SETTINGS } from '../../settings/api/get-settings.ts';

export const dashboardQueryKey = ['dashboard'] as const;

export const { options: dashboardQueryOptions, use: useDashboard } = apiQuery({
  key: () => dashboardQueryKey,
  get: (signal) => apiRequest('/api/dashboard', dashboardSchema, { signal }),
  // Syncs finish and tokens expire while the page is open: look again every minute.
  refetchInterval: 60_000,
  // The "running low" list is drawn with the low-license threshold.
  meta: { [DEPENDS_ON_SETTINGS]: true },
});
