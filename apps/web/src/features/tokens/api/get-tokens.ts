import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { pagedSchema } from '@vpp/contracts/paging';
import { tokenListQuerySchema, tokenSchema } from '@vpp/contracts/tokens';
import { apiRequest } from '../../../lib/api-client.ts';
import type { FiltersOf } from '../../../lib/list-filters.ts';

const tokensPageSchema = pagedSchema(tokenSchema);

export const TOKENS_PAGE_SIZE = 50;

/** The filters of the token list, read as the API reads them. */
export const tokenFilterShape = tokenListQuerySchema.pick({
  search: true,
  status: true,
  type: true,
  category: true,
}).shape;
export type TokenFilters = FiltersOf<typeof tokenFilterShape>;
export type TokensQuery = TokenFilters & { page: number; pageSize: number };

/** Everything about tokens (lists and single tokens) lives under this key, to refresh it at once. */
export const tokensQueryKey = ['tokens'] as const;

/** The first page without filters: what the page shows when opened from the navigation. */
export const firstTokensPage: TokensQuery = { page: 1, pageSize: TOKENS_PAGE_SIZE };

export function getTokens(query: TokensQuery, signal?: AbortSignal) {
  return apiRequest('/api/tokens', tokensPageSchema, { query: { ...query }, signal });
}

export const tokensQueryOptions = (query: TokensQuery) =>
  queryOptions({
    queryKey: [...tokensQueryKey, 'list', query],
    queryFn: ({ signal }) => getTokens(query, signal),
    placeholderData: keepPreviousData,
  });

export function useTokens(query: TokensQuery) {
  return useQuery(tokensQueryOptions(query));
}
