import { accountSchema, type CreateAccountRequest } from '@vpp/contracts/accounts';
import { apiRequest } from '../../../lib/api-client.ts';
import { useRefreshingMutation } from '../../../lib/api-hooks.ts';
import { accountsQueryKey } from './get-accounts.ts';

export function createAccount(body: CreateAccountRequest) {
  return apiRequest('/api/users-admin', accountSchema, { method: 'POST', body });
}

export function useCreateAccount() {
  return useRefreshingMutation(createAccount, () => [accountsQueryKey]);
}
