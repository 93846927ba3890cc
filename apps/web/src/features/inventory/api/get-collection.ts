import { queryOptions, useQuery } from '@tanstack/react-query';
import { collectionDetailSchema } from '@vpp/contracts/inventory';
import { apiRequest } from '../../../lib/api-client.ts';
import { collectionsQueryKey } from './get-collections.ts';

export const collectionQueryKey = (id: string) => [...collectionsQueryKey, 'detail', id] as const;

export function getCollection(id: string, signal?: AbortSignal) {
  return apiRequest(`/api/collections/${encodeURIComponent(id)}`, collectionDetailSchema, { signal });
}

export const collectionQueryOptions = (id: string) =>
  queryOptions({
    queryKey: collectionQueryKey(id),
    queryFn: ({ signal }) => getCollection(id, signal),
  });

export function useCollection(id: string) {
  return useQuery(collectionQueryOptions(id));
}
