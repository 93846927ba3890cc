import { useQuery } from '@tanstack/react-query';
import { type CollectionListQuery, collectionSchema } from '@vpp/contracts/inventory';
import { pagedList } from '../../../lib/api-hooks.ts';

export const COLLECTIONS_PAGE_SIZE = 50;

export type CollectionsQuery = CollectionListQuery;

/** Every collection list, collection and member page lives under this key. */
export const collectionsQueryKey = ['collections'] as const;

export const firstCollectionsPage: CollectionsQuery = { page: 1, pageSize: COLLECTIONS_PAGE_SIZE };

const collectionsList = pagedList<CollectionsQuery, typeof collectionSchema>(
  '/api/collections',
  collectionSchema,
  collectionsQueryKey,
);
export const getCollections = collectionsList.get;

export const collectionsQueryOptions = collectionsList.options;

export function useCollections(query: CollectionsQuery) {
  return useQuery(collectionsQueryOptions(query));
}
