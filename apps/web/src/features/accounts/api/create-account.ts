import { useMutation, useQueryClient } from '@tanstack/react-query';
import { accountSchema, type CreateAccountRequest } from '@vpp/contracts/accounts';
import { apiRequest } from '../../../lib/api-client.ts';
import { accountsQueryKey } from './get-accounts.ts';

export function createAccount(body: CreateAccountRequest) {
  return apiRequest('/api/users-admin', accountSchema, { method: 'POST', body });
}

export function useCreateAccount() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createAccount,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: accountsQueryKey }),
  });
}
