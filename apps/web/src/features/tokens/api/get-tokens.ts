import { tokenListQuerySchema, tokenSchema } from '@vpp/contracts/tokens';
import { pagedList } from '../../../lib/api-hooks.ts';
import type { FiltersOf } from '../../../lib/list-filters.ts';

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

export const {
  get: getTokens,
  options: tokensQueryOptions,
  useList: useTokens,
} = pagedList<TokensQuery, typeof tokenSchema>('/api/tokens', tokenSchema, tokensQueryKey);
