import { useMutation, useQueryClient } from '@tanstack/react-query';
import { accountSchema, type UpdateAccountRequest } from '@vpp/contracts/accounts';
import { apiRequest } from '../../../lib/api-client.ts';
import { sessionQueryKey } from '../../auth/api/get-session.ts';
import { accountsQueryKey } from './get-accounts.ts';

export interface UpdateAccountInput {
  id: string;
  body: UpdateAccountRequest;
}

export function updateAccount({ id, body }: UpdateAccountInput) {
  return apiRequest(`/api/users-admin/${encodeURIComponent(id)}`, accountSchema, { method: 'PATCH', body });
}

export function useUpdateAccount() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateAccount,
    onSuccess: async () => {
      // An admin may edit their own account here; the header and the role checks must follow.
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: accountsQueryKey }),
        queryClient.invalidateQueries({ queryKey: sessionQueryKey }),
      ]);
    },
  });
}
