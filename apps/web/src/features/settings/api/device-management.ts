import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  deviceManagementSchema,
  deviceManagementTestSchema,
  type UpdateDeviceManagement,
} from '@vpp/contracts/device-management';
import { apiRequest } from '../../../lib/api-client.ts';

const deviceManagementQueryKey = ['settings', 'device-management'] as const;

export const deviceManagementQueryOptions = () =>
  queryOptions({
    queryKey: deviceManagementQueryKey,
    queryFn: ({ signal }) =>
      apiRequest('/api/settings/device-management', deviceManagementSchema, { signal }),
  });

export function useDeviceManagement() {
  return useQuery(deviceManagementQueryOptions());
}

export function useSaveDeviceManagement() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateDeviceManagement) =>
      apiRequest('/api/settings/device-management', deviceManagementSchema, { method: 'PUT', body }),
    onSuccess: (saved) => queryClient.setQueryData(deviceManagementQueryKey, saved),
  });
}

export function useResetDeviceManagement() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      apiRequest('/api/settings/device-management', deviceManagementSchema, { method: 'DELETE' }),
    onSuccess: (saved) => queryClient.setQueryData(deviceManagementQueryKey, saved),
  });
}

export function useTestDeviceManagement() {
  return useMutation({
    mutationFn: () =>
      apiRequest('/api/settings/device-management/test', deviceManagementTestSchema, { method: 'POST' }),
  });
}
