import { type CheckOutLicenses, checkOutLicensesSchema } from '@vpp/contracts/settings';
import { apiRequest } from '../../../lib/api-client.ts';
import { apiQuery, useReplacingMutation } from '../../../lib/api-hooks.ts';

const PATH = '/api/settings/check-out-licenses';
const key = ['settings', 'check-out-licenses'] as const;

export const { options: checkOutLicensesQueryOptions, use: useCheckOutLicenses } = apiQuery({
  key: () => key,
  get: (signal) => apiRequest(PATH, checkOutLicensesSchema, { signal }),
});

export function useSaveCheckOutLicenses() {
  return useReplacingMutation(
    (body: CheckOutLicenses) => apiRequest(PATH, checkOutLicensesSchema, { method: 'PUT', body }),
    key,
  );
}
