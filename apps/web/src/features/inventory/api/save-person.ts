import {
  type CreatePersonRequest,
  personDetailSchema,
  type UpdatePersonRequest,
} from '@vpp/contracts/inventory';
import { type SaveInput, saveRequest, useRefreshingMutation } from '../../../lib/api-hooks.ts';
import { collectionsQueryKey } from './get-collections.ts';
import { devicesQueryKey } from './get-devices.ts';
import { peopleQueryKey } from './get-people.ts';

export type SavePersonInput = SaveInput<CreatePersonRequest, UpdatePersonRequest>;

/** Adds a person (no id) or changes one (PATCH with the fields that changed). */
export function savePerson(input: SavePersonInput) {
  return saveRequest('/api/people', personDetailSchema, input);
}

export function useSavePerson() {
  // Devices show their primary user's email; user collections list their members.
  return useRefreshingMutation(savePerson, () => [peopleQueryKey, devicesQueryKey, collectionsQueryKey]);
}
