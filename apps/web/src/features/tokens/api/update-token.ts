import { tokenSchema, type UpdateTokenFields } from '@vpp/contracts/tokens';
import { apiRequest } from '../../../lib/api-client.ts';
import { useRefreshingMutation } from '../../../lib/api-hooks.ts';
import { categoriesQueryKey } from './get-categories.ts';
import { syncHealthQueryKey } from './get-sync-health.ts';
import { syncRunsQueryKey } from './get-sync-runs.ts';
import { tokenQueryKey } from './get-token.ts';
import { tokensQueryKey } from './get-tokens.ts';

export interface UpdateTokenInput {
  id: string;
  body: UpdateTokenFields;
}

/** Edits a token's own fields, or takes its location back from another MDM (`takeOver`). */
export function updateToken({ id, body }: UpdateTokenInput) {
  return apiRequest(`/api/tokens/${encodeURIComponent(id)}`, tokenSchema, { method: 'PATCH', body });
}

export function useUpdateToken() {
  return useRefreshingMutation(updateToken, (token, _input, queryClient) => {
    queryClient.setQueryData(tokenQueryKey(token.id), token);
    // A take-over queues a full sync: the token's runs and the health banner change too.
    return [tokensQueryKey, categoriesQueryKey, syncRunsQueryKey(token.id), syncHealthQueryKey];
  });
}
