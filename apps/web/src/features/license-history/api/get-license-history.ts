import { useQuery } from '@tanstack/react-query';
import { licenseHistorySchema } from '@vpp/contracts/license-intelligence';
import { apiRequest } from '../../../lib/api-client.ts';

/** A store app's counts over the last `days` days. */
export function useLicenseHistory(storeAppId: string, days: number) {
  return useQuery({
    queryKey: ['license-history', storeAppId, days],
    queryFn: ({ signal }) => {
      const from = new Date(Date.now() - days * 24 * 60 * 60 * 1000).toISOString();
      return apiRequest(`/api/store-apps/${encodeURIComponent(storeAppId)}/history`, licenseHistorySchema, {
        query: { from },
        signal,
      });
    },
  });
}
