import {
  type CreateCollectionRequest,
  collectionDetailSchema,
  type UpdateCollectionRequest,
} from '@vpp/contracts/inventory';
import { type SaveInput, saveRequest, useRefreshingMutation } from '../../../lib/api-hooks.ts';
import { collectionQueryKey } from './get-collection.ts';
import { collectionsQueryKey } from './get-collections.ts';

export type SaveCollectionInput = SaveInput<CreateCollectionRequest, UpdateCollectionRequest>;

/** Creates a collection (no id) or renames / describes one; its type is fixed at creation. */
export function saveCollection(input: SaveCollectionInput) {
  return saveRequest('/api/collections', collectionDetailSchema, input);
}

export function useSaveCollection() {
  return useRefreshingMutation(saveCollection, (collection, _input, queryClient) => {
    queryClient.setQueryData(collectionQueryKey(collection.id), collection);
    return [collectionsQueryKey];
  });
}
