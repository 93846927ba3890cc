import { apiCommand } from '../../../lib/api-client.ts';
import { useRefreshingMutation } from '../../../lib/api-hooks.ts';
import { accountsQueryKey } from './get-accounts.ts';

export function deleteAccount(id: string) {
  return apiCommand(`/api/users-admin/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export function useDeleteAccount() {
  return useRefreshingMutation(deleteAccount, () => [accountsQueryKey]);
}
