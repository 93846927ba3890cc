import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type CheckOutLicenses, checkOutLicensesSchema } from '@vpp/contracts/settings';
import { apiRequest } from '../../../lib/api-client.ts';

const checkOutLicensesQueryKey = ['settings', 'check-out-licenses'] as const;

export const checkOutLicensesQueryOptions = () =>
  queryOptions({
    queryKey: checkOutLicensesQueryKey,
    queryFn: ({ signal }) =>
      apiRequest('/api/settings/check-out-licenses', checkOutLicensesSchema, { signal }),
  });

export function useCheckOutLicenses() {
  return useQuery(checkOutLicensesQueryOptions());
}

export function useSaveCheckOutLicenses() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CheckOutLicenses) =>
      apiRequest('/api/settings/check-out-licenses', checkOutLicensesSchema, { method: 'PUT', body }),
    onSuccess: (saved) => queryClient.setQueryData(checkOutLicensesQueryKey, saved),
  });
}
