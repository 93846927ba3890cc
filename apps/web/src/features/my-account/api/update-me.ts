import { useMutation, useQueryClient } from '@tanstack/react-query';
import { sessionUserSchema, type UpdateMeRequest } from '@vpp/contracts/accounts';
import { apiRequest } from '../../../lib/api-client.ts';
import { setSessionUser } from '../../auth/api/get-session.ts';

export function updateMe(body: UpdateMeRequest) {
  return apiRequest('/api/auth/me', sessionUserSchema, { method: 'PATCH', body });
}

/** Saves the signed-in account's own settings; the session follows at once (name, language). */
export function useUpdateMe() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateMe,
    onSuccess: (user) => setSessionUser(queryClient, user),
  });
}
