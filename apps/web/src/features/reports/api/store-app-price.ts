import { useMutation, useQueryClient } from '@tanstack/react-query';
import { storeAppPriceSchema } from '@vpp/contracts/reclaim';
import { apiRequest } from '../../../lib/api-client.ts';

/** An admin sets (or with null removes) a store app's price per license, in minor units. */
export function useSetStoreAppPrice() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { storeAppId: string; unitPriceMinor: number | null }) =>
      apiRequest(`/api/store-apps/${encodeURIComponent(input.storeAppId)}/price`, storeAppPriceSchema, {
        method: 'PUT',
        body: { unitPriceMinor: input.unitPriceMinor },
      }),
    onSuccess: () => queryClient.invalidateQueries(),
  });
}
