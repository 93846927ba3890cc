import { useMutation, useQueryClient } from '@tanstack/react-query';
import { accountSessionListSchema } from '@vpp/contracts/accounts';
import { apiCommand, apiRequest } from '../../../lib/api-client.ts';
import { apiQuery } from '../../../lib/api-hooks.ts';

const sessionsPath = (accountId: string) => `/api/users-admin/${encodeURIComponent(accountId)}/sessions`;

export const accountSessionsQueryKey = (accountId: string) => ['accounts', accountId, 'sessions'] as const;

export const { options: accountSessionsQueryOptions, use: useAccountSessions } = apiQuery({
  key: accountSessionsQueryKey,
  get: (accountId: string, signal) =>
    apiRequest(sessionsPath(accountId), accountSessionListSchema, { signal }),
});

/** Ends one session of the account, or all of them when `sessionId` is undefined. */
export function endAccountSessions({ accountId, sessionId }: { accountId: string; sessionId?: string }) {
  const path = sessionId
    ? `${sessionsPath(accountId)}/${encodeURIComponent(sessionId)}`
    : sessionsPath(accountId);
  return apiCommand(path, { method: 'DELETE' });
}

export function useEndAccountSessions() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: endAccountSessions,
    onSuccess: (_result, { accountId }) =>
      queryClient.invalidateQueries({ queryKey: accountSessionsQueryKey(accountId) }),
  });
}
