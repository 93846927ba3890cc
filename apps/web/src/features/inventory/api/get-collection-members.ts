import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { type CollectionMembersQuery, collectionMembersPageSchema } from '@vpp/contracts/inventory';
import { apiRequest } from '../../../lib/api-client.ts';
import { collectionQueryKey } from './inventory-api.ts';

export const COLLECTION_MEMBERS_PAGE_SIZE = 50;

export type MembersQuery = CollectionMembersQuery;

export const collectionMembersQueryKey = (id: string) => [...collectionQueryKey(id), 'members'] as const;

/** A page of a collection's members: devices or people, by the collection's type. */
export function getCollectionMembers(id: string, query: MembersQuery, signal?: AbortSignal) {
  return apiRequest(`/api/collections/${encodeURIComponent(id)}/members`, collectionMembersPageSchema, {
    query: { ...query },
    signal,
  });
}

export const collectionMembersQueryOptions = (id: string, query: MembersQuery) =>
  queryOptions({
    queryKey: [...collectionMembersQueryKey(id), query],
    queryFn: ({ signal }) => getCollectionMembers(id, query, signal),
    placeholderData: keepPreviousData,
  });

export function useCollectionMembers(id: string, query: MembersQuery) {
  return useQuery(collectionMembersQueryOptions(id, query));
}
