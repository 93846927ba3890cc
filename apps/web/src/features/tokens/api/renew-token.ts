import { tokenSchema } from '@vpp/contracts/tokens';
import { apiRequest } from '../../../lib/api-client.ts';
import { useRefreshingMutation } from '../../../lib/api-hooks.ts';
import { syncHealthQueryKey } from './get-sync-health.ts';
import { syncRunsQueryKey } from './get-sync-runs.ts';
import { tokenQueryKey } from './get-token.ts';
import { tokensQueryKey } from './get-tokens.ts';

export interface RenewTokenInput {
  id: string;
  file: File;
  takeOver: boolean;
}

/** Renews a token in place: a PATCH in multipart with the new `.vpptoken` of the same location. */
export function renewToken({ id, file, takeOver }: RenewTokenInput) {
  const body = new FormData();
  if (takeOver) body.set('takeOver', 'true');
  body.set('token', file, file.name);
  return apiRequest(`/api/tokens/${encodeURIComponent(id)}`, tokenSchema, { method: 'PATCH', body });
}

export function useRenewToken() {
  return useRefreshingMutation(renewToken, (token, _input, queryClient) => {
    queryClient.setQueryData(tokenQueryKey(token.id), token);
    // A renewal queues a full sync with the new file.
    return [tokensQueryKey, syncRunsQueryKey(token.id), syncHealthQueryKey];
  });
}
