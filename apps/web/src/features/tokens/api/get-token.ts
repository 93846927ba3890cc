import { queryOptions, useQuery } from '@tanstack/react-query';
import { tokenSchema } from '@vpp/contracts/tokens';
import { apiRequest } from '../../../lib/api-client.ts';
import { tokensQueryKey } from './get-tokens.ts';

export const tokenQueryKey = (id: string) => [...tokensQueryKey, 'detail', id] as const;

export function getToken(id: string, signal?: AbortSignal) {
  return apiRequest(`/api/tokens/${encodeURIComponent(id)}`, tokenSchema, { signal });
}

export const tokenQueryOptions = (id: string) =>
  queryOptions({
    queryKey: tokenQueryKey(id),
    queryFn: ({ signal }) => getToken(id, signal),
    // Scheduled syncs change a token while its page is open: check again now and then.
    refetchInterval: 30_000,
  });

export function useToken(id: string) {
  return useQuery(tokenQueryOptions(id));
}
