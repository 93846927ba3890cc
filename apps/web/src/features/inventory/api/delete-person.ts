import { apiCommand } from '../../../lib/api-client.ts';
import { useRefreshingMutation } from '../../../lib/api-hooks.ts';
import { collectionsQueryKey } from './get-collections.ts';
import { devicesQueryKey } from './get-devices.ts';
import { peopleQueryKey } from './get-people.ts';

export function deletePerson(id: string) {
  return apiCommand(`/api/people/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export function useDeletePerson() {
  // The person leaves their collections, and their devices keep no primary user.
  return useRefreshingMutation(deletePerson, () => [peopleQueryKey, devicesQueryKey, collectionsQueryKey]);
}
