import { accountSchema, type UpdateAccountRequest } from '@vpp/contracts/accounts';
import { apiRequest } from '../../../lib/api-client.ts';
import { useRefreshingMutation } from '../../../lib/api-hooks.ts';
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
  // An admin may edit their own account here; the header and the role checks must follow.
  return useRefreshingMutation(updateAccount, () => [accountsQueryKey, sessionQueryKey]);
}
