import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type LoginRequest, loginResponseSchema } from '@vpp/contracts/accounts';
import { apiRequest } from '../../../lib/api-client.ts';
import { sessionQueryKey, setSessionUser } from './get-session.ts';

export function login(body: LoginRequest) {
  return apiRequest('/api/auth/login', loginResponseSchema, { method: 'POST', body });
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: login,
    onSuccess: ({ user }) => {
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionQueryKey[0] });
      setSessionUser(queryClient, user);
    },
  });
}
