import { apiCommand } from '../../../lib/api-client.ts';
import { useRefreshingMutation } from '../../../lib/api-hooks.ts';
import { collectionQueryKey } from './get-collection.ts';
import { collectionsQueryKey } from './get-collections.ts';
import { devicesQueryKey } from './get-devices.ts';
import { peopleQueryKey } from './get-people.ts';

/** Deletes a collection (its devices and people stay); refused while an active deployment targets it. */
export function deleteCollection(id: string) {
  return apiCommand(`/api/collections/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export function useDeleteCollection() {
  return useRefreshingMutation(deleteCollection, (_data, id, queryClient) => {
    queryClient.removeQueries({ queryKey: collectionQueryKey(id) });
    // Devices and people count the collections they are in.
    return [collectionsQueryKey, devicesQueryKey, peopleQueryKey];
  });
}
