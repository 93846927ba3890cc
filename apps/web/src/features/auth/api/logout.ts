import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiCommand, isApiError } from '../../../lib/api-client.ts';
import { endSession } from './get-session.ts';

export function logout() {
  return apiCommand('/api/auth/logout', { method: 'POST' });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: logout,
    onSettled: (_data, error) => {
      // A session that had already ended is as signed out as a fresh sign-out.
      if (!error || (isApiError(error) && error.code === 'UNAUTHENTICATED')) {
        endSession(queryClient, 'signed-out');
      }
    },
  });
}
