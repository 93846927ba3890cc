import { type FetchQueryOptions, type QueryKey, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';

interface PagedQuery {
  page: number;
  pageSize: number;
}

/** Fetches the next page of a paged list ahead, so turning the page shows it at once. */
export function usePrefetchNextPage<Query extends PagedQuery, Data, Key extends QueryKey>(
  query: Query,
  total: number,
  queryOptions: (query: Query) => FetchQueryOptions<Data, Error, Data, Key>,
) {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (query.page * query.pageSize < total) {
      queryClient.prefetchQuery(queryOptions({ ...query, page: query.page + 1 }));
    }
  }, [queryClient, query, total, queryOptions]);
}
