import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiCommand } from '../../../lib/api-client.ts';
import { collectionQueryKey } from './get-collection.ts';
import { collectionsQueryKey } from './get-collections.ts';
import { devicesQueryKey } from './get-devices.ts';
import { peopleQueryKey } from './get-people.ts';

/** Deletes a collection (its devices and people stay); refused while an active deployment targets it. */
export function deleteCollection(id: string) {
  return apiCommand(`/api/collections/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export function useDeleteCollection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteCollection,
    onSuccess: (_data, id) => {
      queryClient.removeQueries({ queryKey: collectionQueryKey(id) });
      // Devices and people count the collections they are in.
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: collectionsQueryKey }),
        queryClient.invalidateQueries({ queryKey: devicesQueryKey }),
        queryClient.invalidateQueries({ queryKey: peopleQueryKey }),
      ]);
    },
  });
}
