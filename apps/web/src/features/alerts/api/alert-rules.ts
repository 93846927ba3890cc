import { useQuery } from '@tanstack/react-query';
import {
  activeAlertSchema,
  alertRuleSchema,
  type CreateAlertRule,
  type UpdateAlertRule,
} from '@vpp/contracts/alerts';
import { z } from 'zod';
import { apiCommand, apiRequest } from '../../../lib/api-client.ts';
import { apiQuery, type SaveInput, saveRequest, useRefreshingMutation } from '../../../lib/api-hooks.ts';
import { alertsQueryKey } from './alert-channels.ts';

const RULES_PATH = '/api/alert-rules';
const rulesSchema = z.object({ items: z.array(alertRuleSchema) });
const activeSchema = z.object({ items: z.array(activeAlertSchema), total: z.number().int() });

export const { options: alertRulesQueryOptions, use: useAlertRules } = apiQuery({
  key: () => [...alertsQueryKey, 'rules'],
  get: (signal) => apiRequest(RULES_PATH, rulesSchema, { signal }),
});

/** What fires now: the dashboard's panel, refreshed every minute while it is shown. */
export function useActiveAlerts() {
  return useQuery({
    queryKey: [...alertsQueryKey, 'active'],
    queryFn: ({ signal }) => apiRequest('/api/alerts/active', activeSchema, { signal }),
    refetchInterval: 60_000,
  });
}

export function useSaveAlertRule() {
  return useRefreshingMutation(
    (input: SaveInput<CreateAlertRule, UpdateAlertRule>) => saveRequest(RULES_PATH, alertRuleSchema, input),
    () => [alertsQueryKey],
  );
}

export function useDeleteAlertRule() {
  return useRefreshingMutation(
    (id: string) => apiCommand(`${RULES_PATH}/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    () => [alertsQueryKey],
  );
}
