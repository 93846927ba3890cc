import {
  type CreatePersonRequest,
  personDetailSchema,
  type UpdatePersonRequest,
} from '@vpp/contracts/inventory';
import { apiRequest } from '../../../lib/api-client.ts';
import { useRefreshingMutation } from '../../../lib/api-hooks.ts';
import { collectionsQueryKey } from './get-collections.ts';
import { devicesQueryKey } from './get-devices.ts';
import { peopleQueryKey } from './get-people.ts';

export type SavePersonInput =
  | { id?: undefined; body: CreatePersonRequest }
  | { id: string; body: UpdatePersonRequest };

/** Adds a person (no id) or changes one (PATCH with the fields that changed). */
export function savePerson(input: SavePersonInput) {
  if (input.id === undefined) {
    return apiRequest('/api/people', personDetailSchema, { method: 'POST', body: input.body });
  }
  return apiRequest(`/api/people/${encodeURIComponent(input.id)}`, personDetailSchema, {
    method: 'PATCH',
    body: input.body,
  });
}

export function useSavePerson() {
  // Devices show their primary user's email; user collections list their members.
  return useRefreshingMutation(savePerson, () => [peopleQueryKey, devicesQueryKey, collectionsQueryKey]);
}
