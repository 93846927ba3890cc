import { apiCommand } from '../../../lib/api-client.ts';
import { useRefreshingMutation } from '../../../lib/api-hooks.ts';
import { categoriesQueryKey } from './get-categories.ts';
import { deletionPreviewQueryKey } from './get-deletion-preview.ts';
import { syncHealthQueryKey } from './get-sync-health.ts';
import { syncRunsQueryKey } from './get-sync-runs.ts';
import { tokenQueryKey } from './get-token.ts';
import { tokensQueryKey } from './get-tokens.ts';

export function deleteToken(id: string) {
  return apiCommand(`/api/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export function useDeleteToken() {
  return useRefreshingMutation(deleteToken, (_data, id, queryClient) => {
    // What belonged to the token is gone: forget it rather than asking for it again (a 404).
    for (const queryKey of [tokenQueryKey(id), syncRunsQueryKey(id), deletionPreviewQueryKey(id)]) {
      queryClient.removeQueries({ queryKey });
    }
    return [tokensQueryKey, categoriesQueryKey, syncHealthQueryKey];
  });
}
