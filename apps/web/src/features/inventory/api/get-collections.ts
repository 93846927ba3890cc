import { type CollectionListQuery, collectionSchema } from '@vpp/contracts/inventory';
import { pagedList } from '../../../lib/api-hooks.ts';

export const COLLECTIONS_PAGE_SIZE = 50;

export type CollectionsQuery = CollectionListQuery;

/** Every collection list, collection and member page lives under this key. */
export const collectionsQueryKey = ['collections'] as const;

export const firstCollectionsPage: CollectionsQuery = { page: 1, pageSize: COLLECTIONS_PAGE_SIZE };

export const {
  get: getCollections,
  options: collectionsQueryOptions,
  useList: useCollections,
} = pagedList<CollectionsQuery, typeof collectionSchema>(
  '/api/collections',
  collectionSchema,
  collectionsQueryKey,
);
