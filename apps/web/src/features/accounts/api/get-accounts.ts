import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { accountSchema } from '@vpp/contracts/accounts';
import { pagedSchema } from '@vpp/contracts/paging';
import { apiRequest } from '../../../lib/api-client.ts';

const accountsPageSchema = pagedSchema(accountSchema);

export const ACCOUNTS_PAGE_SIZE = 50;

export interface AccountsQuery {
  page: number;
  pageSize: number;
}

export const accountsQueryKey = ['accounts'] as const;

export function getAccounts(query: AccountsQuery, signal?: AbortSignal) {
  return apiRequest('/api/users-admin', accountsPageSchema, {
    query: { page: query.page, pageSize: query.pageSize },
    signal,
  });
}

export const accountsQueryOptions = (query: AccountsQuery) =>
  queryOptions({
    queryKey: [...accountsQueryKey, query],
    queryFn: ({ signal }) => getAccounts(query, signal),
    placeholderData: keepPreviousData,
  });

export function useAccounts(query: AccountsQuery) {
  return useQuery(accountsQueryOptions(query));
}
