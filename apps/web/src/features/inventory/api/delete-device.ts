import { apiCommand } from '../../../lib/api-client.ts';
import { useRefreshingMutation } from '../../../lib/api-hooks.ts';
import { collectionsQueryKey } from './get-collections.ts';
import { devicesQueryKey } from './get-devices.ts';

export function deleteDevice(id: string) {
  return apiCommand(`/api/devices/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export function useDeleteDevice() {
  // The device leaves its collections: their member counts change too.
  return useRefreshingMutation(deleteDevice, () => [devicesQueryKey, collectionsQueryKey]);
}
