import { importReportSchema } from '@vpp/contracts/inventory';
import { apiRequest } from '../../../lib/api-client.ts';
import { useRefreshingMutation } from '../../../lib/api-hooks.ts';
import { collectionsQueryKey } from './get-collections.ts';
import { devicesQueryKey } from './get-devices.ts';

/** Adds or updates devices from a CSV file (multipart field `file`); answers what was refused and why. */
export function importDevices(file: File) {
  const body = new FormData();
  body.set('file', file, file.name);
  return apiRequest('/api/devices/import', importReportSchema, { method: 'POST', body });
}

export function useImportDevices() {
  return useRefreshingMutation(importDevices, () => [devicesQueryKey, collectionsQueryKey]);
}
