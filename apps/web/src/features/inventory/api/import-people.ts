import { importReportSchema } from '@vpp/contracts/inventory';
import { apiRequest } from '../../../lib/api-client.ts';
import { useRefreshingMutation } from '../../../lib/api-hooks.ts';
import { collectionsQueryKey } from './get-collections.ts';
import { devicesQueryKey } from './get-devices.ts';
import { peopleQueryKey } from './get-people.ts';

/** Adds or updates people from a CSV file (multipart field `file`); answers what was refused and why. */
export function importPeople(file: File) {
  const body = new FormData();
  body.set('file', file, file.name);
  return apiRequest('/api/people/import', importReportSchema, { method: 'POST', body });
}

export function useImportPeople() {
  return useRefreshingMutation(importPeople, () => [peopleQueryKey, devicesQueryKey, collectionsQueryKey]);
}
