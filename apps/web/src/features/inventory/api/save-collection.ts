import {
  type CreateCollectionRequest,
  collectionDetailSchema,
  type UpdateCollectionRequest,
} from '@vpp/contracts/inventory';
import { apiRequest } from '../../../lib/api-client.ts';
import { useRefreshingMutation } from '../../../lib/api-hooks.ts';
import { collectionQueryKey } from './get-collection.ts';
import { collectionsQueryKey } from './get-collections.ts';

export type SaveCollectionInput =
  | { id?: undefined; body: CreateCollectionRequest }
  | { id: string; body: UpdateCollectionRequest };

/** Creates a collection (no id) or renames / describes one; its type is fixed at creation. */
export function saveCollection(input: SaveCollectionInput) {
  if (input.id === undefined) {
    return apiRequest('/api/collections', collectionDetailSchema, { method: 'POST', body: input.body });
  }
  return apiRequest(`/api/collections/${encodeURIComponent(input.id)}`, collectionDetailSchema, {
    method: 'PATCH',
    body: input.body,
  });
}

export function useSaveCollection() {
  return useRefreshingMutation(saveCollection, (collection, _input, queryClient) => {
    queryClient.setQueryData(collectionQueryKey(collection.id), collection);
    return [collectionsQueryKey];
  });
}
