import { type Dashboard, dashboardSchema } from '@vpp/contracts/reports';
import { apiRequest } from '../../../lib/api-client.ts';
import { apiQuery } from '../../../lib/api-hooks.ts';
import { DEPENDS_ON_SETTINGS } from '../../settings/api/get-settings.ts';

export const dashboardQueryKey = ['dashboard'] as const;

export function getDashboard(signal?: AbortSignal) {
  return apiRequest('/api/dashboard', dashboardSchema, { signal });
}

let early: Promise<Dashboard> | null = null;

/**
 * Asks for the dashboard at once, while the session is still being checked (a first load on the
 * dashboard otherwise waits for /api/auth/me before it even asks). The first dashboard query takes
 * this answer; when it failed (no session yet) the query asks again.
 */
export function requestDashboardEarly(): void {
  early = getDashboard();
  early.catch(() => {
    // Taken up (or replaced) by the dashboard query.
  });
}

async function loadDashboard(signal?: AbortSignal): Promise<Dashboard> {
  const answer = early;
  early = null;
  if (answer) {
    try {
      return await answer;
    } catch {
      // Asked before sign-in, or it failed: ask again now.
    }
  }
  return getDashboard(signal);
}

export const { options: dashboardQueryOptions, use: useDashboard } = apiQuery({
  key: () => dashboardQueryKey,
  get: loadDashboard,
  // Syncs finish and tokens expire while the page is open: look again every minute.
  refetchInterval: 60_000,
  // The "running low" list is drawn with the low-license threshold.
  meta: { [DEPENDS_ON_SETTINGS]: true },
});
