import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { type CollectionListQuery, collectionSchema } from '@vpp/contracts/inventory';
import { pagedSchema } from '@vpp/contracts/paging';
import { apiRequest } from '../../../lib/api-client.ts';

const collectionsPageSchema = pagedSchema(collectionSchema);

export const COLLECTIONS_PAGE_SIZE = 50;

export type CollectionsQuery = CollectionListQuery;

/** Every collection list, collection and member page lives under this key. */
export const collectionsQueryKey = ['collections'] as const;

export const firstCollectionsPage: CollectionsQuery = { page: 1, pageSize: COLLECTIONS_PAGE_SIZE };

export function getCollections(query: CollectionsQuery, signal?: AbortSignal) {
  return apiRequest('/api/collections', collectionsPageSchema, { query: { ...query }, signal });
}

export const collectionsQueryOptions = (query: CollectionsQuery) =>
  queryOptions({
    queryKey: [...collectionsQueryKey, 'list', query],
    queryFn: ({ signal }) => getCollections(query, signal),
    placeholderData: keepPreviousData,
  });

export function useCollections(query: CollectionsQuery) {
  return useQuery(collectionsQueryOptions(query));
}
