import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { pagedSchema } from '@vpp/contracts/paging';
import { type TokenListQuery, tokenSchema } from '@vpp/contracts/tokens';
import { apiRequest } from '../../../lib/api-client.ts';

const tokensPageSchema = pagedSchema(tokenSchema);

export const TOKENS_PAGE_SIZE = 50;

export const tokenFilterNames = ['search', 'status', 'type', 'category'] as const;
export type TokenFilterName = (typeof tokenFilterNames)[number];
export type TokenFilters = Pick<TokenListQuery, TokenFilterName>;
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
