import { useMutation, useQueryClient } from '@tanstack/react-query';
import { oidcLogoutResponseSchema } from '@vpp/contracts/sso';
import { apiRequest, isApiError } from '../../../lib/api-client.ts';
import { endSession } from './get-session.ts';

/**
 * Ends this session on the server. For an account of the organisation's identity provider the
 * answer names the provider's end-session page, so the browser signs out there too.
 */
export function logout() {
  return apiRequest('/api/auth/oidc/logout', oidcLogoutResponseSchema, { method: 'POST' });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: logout,
    onSettled: (data, error) => {
      // A session that had already ended is as signed out as a fresh sign-out.
      if (!error || (isApiError(error) && error.code === 'UNAUTHENTICATED')) {
        endSession(queryClient, 'signed-out');
      }
      if (data?.redirectTo) window.location.assign(data.redirectTo);
    },
  });
}
