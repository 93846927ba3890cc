import { useMutation, useQueryClient } from '@tanstack/react-query';
import { startSyncResponseSchema } from '@vpp/contracts/tokens';
import { apiRequest } from '../../../lib/api-client.ts';
import { syncRunsQueryKey } from './get-sync-runs.ts';
import { tokenQueryKey } from './get-token.ts';

/** Starts a full sync, or answers with the run already queued or running for the token. */
export function startSync(tokenId: string) {
  return apiRequest(`/api/tokens/${encodeURIComponent(tokenId)}/sync`, startSyncResponseSchema, {
    method: 'POST',
  });
}

export function useStartSync() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: startSync,
    onSuccess: (_data, tokenId) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: tokenQueryKey(tokenId) }),
        queryClient.invalidateQueries({ queryKey: syncRunsQueryKey(tokenId) }),
      ]),
  });
}
