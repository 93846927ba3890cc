import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiCommand } from '../../../lib/api-client.ts';
import { accountsQueryKey } from './get-accounts.ts';

export function deleteAccount(id: string) {
  return apiCommand(`/api/users-admin/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export function useDeleteAccount() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteAccount,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: accountsQueryKey }),
  });
}
