import { startSyncResponseSchema } from '@vpp/contracts/tokens';
import { apiRequest } from '../../../lib/api-client.ts';
import { useRefreshingMutation } from '../../../lib/api-hooks.ts';
import { syncRunsQueryKey } from './get-sync-runs.ts';
import { tokenQueryKey } from './get-token.ts';

/** Starts a full sync, or answers with the run already queued or running for the token. */
export function startSync(tokenId: string) {
  return apiRequest(`/api/tokens/${encodeURIComponent(tokenId)}/sync`, startSyncResponseSchema, {
    method: 'POST',
  });
}

export function useStartSync() {
  return useRefreshingMutation(startSync, (_data, tokenId) => [
    tokenQueryKey(tokenId),
    syncRunsQueryKey(tokenId),
  ]);
}
