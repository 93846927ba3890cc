import { useMutation } from '@tanstack/react-query';
import {
  deviceManagementSchema,
  deviceManagementTestSchema,
  type UpdateDeviceManagement,
} from '@vpp/contracts/device-management';
import { apiRequest } from '../../../lib/api-client.ts';
import { apiQuery, useReplacingMutation } from '../../../lib/api-hooks.ts';

const PATH = '/api/settings/device-management';
const key = ['settings', 'device-management'] as const;

export const { options: deviceManagementQueryOptions, use: useDeviceManagement } = apiQuery({
  key: () => key,
  get: (signal) => apiRequest(PATH, deviceManagementSchema, { signal }),
});

export function useSaveDeviceManagement() {
  return useReplacingMutation(
    (body: UpdateDeviceManagement) => apiRequest(PATH, deviceManagementSchema, { method: 'PUT', body }),
    key,
  );
}

/** Forgets the saved server: the answer is what the MDM_* settings give. */
export function useResetDeviceManagement() {
  return useReplacingMutation(() => apiRequest(PATH, deviceManagementSchema, { method: 'DELETE' }), key);
}

export function useTestDeviceManagement() {
  return useMutation({
    mutationFn: () => apiRequest(`${PATH}/test`, deviceManagementTestSchema, { method: 'POST' }),
  });
}
