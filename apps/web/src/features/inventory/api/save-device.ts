import {
  type CreateDeviceRequest,
  deviceDetailSchema,
  type UpdateDeviceRequest,
} from '@vpp/contracts/inventory';
import { type SaveInput, saveRequest, useRefreshingMutation } from '../../../lib/api-hooks.ts';
import { collectionsQueryKey } from './get-collections.ts';
import { devicesQueryKey } from './get-devices.ts';

export type SaveDeviceInput = SaveInput<CreateDeviceRequest, UpdateDeviceRequest>;

/** Adds a device (no id) or changes one (PATCH with the fields that changed). */
export function saveDevice(input: SaveDeviceInput) {
  return saveRequest('/api/devices', deviceDetailSchema, input);
}

export function useSaveDevice() {
  // Device collections list their members' serial numbers and primary users.
  return useRefreshingMutation(saveDevice, () => [devicesQueryKey, collectionsQueryKey]);
}
