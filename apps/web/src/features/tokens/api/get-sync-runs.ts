import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { pagedSchema } from '@vpp/contracts/paging';
import { syncRunSchema } from '@vpp/contracts/tokens';
import { apiRequest } from '../../../lib/api-client.ts';

const syncRunsPageSchema = pagedSchema(syncRunSchema);

export const SYNC_RUNS_PAGE_SIZE = 20;

export interface SyncRunsQuery {
  tokenId: string;
  page: number;
  pageSize: number;
}

/** One token's sync history, every page of it. */
export const syncRunsQueryKey = (tokenId: string) => ['sync-runs', tokenId] as const;

export function getSyncRuns(query: SyncRunsQuery, signal?: AbortSignal) {
  return apiRequest('/api/sync-runs', syncRunsPageSchema, { query: { ...query }, signal });
}

export const syncRunsQueryOptions = (query: SyncRunsQuery) =>
  queryOptions({
    queryKey: [...syncRunsQueryKey(query.tokenId), { page: query.page, pageSize: query.pageSize }],
    queryFn: ({ signal }) => getSyncRuns(query, signal),
    placeholderData: keepPreviousData,
  });

export function useSyncRuns(query: SyncRunsQuery) {
  return useQuery(syncRunsQueryOptions(query));
}
