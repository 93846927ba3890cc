import { tokenSchema } from '@vpp/contracts/tokens';
import { apiRequest } from '../../../lib/api-client.ts';
import { apiQuery } from '../../../lib/api-hooks.ts';
import { tokensQueryKey } from './get-tokens.ts';

export const tokenQueryKey = (id: string) => [...tokensQueryKey, 'detail', id] as const;

export const { options: tokenQueryOptions, use: useToken } = apiQuery({
  key: tokenQueryKey,
  get: (id: string, signal) => apiRequest(`/api/tokens/${encodeURIComponent(id)}`, tokenSchema, { signal }),
  // Scheduled syncs change a token while its page is open: check again now and then.
  refetchInterval: 30_000,
});
