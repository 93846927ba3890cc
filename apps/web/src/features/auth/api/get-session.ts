import type { QueryClient } from '@tanstack/react-query';
import { type SessionUser, sessionUserSchema } from '@vpp/contracts/accounts';
import { ApiError, apiRequest } from '../../../lib/api-client.ts';
import { apiQuery } from '../../../lib/api-hooks.ts';

/** How the last session ended, so sign-in can say why the reader is there. */
export type SessionEnd = 'signed-out' | 'expired';

export interface SessionState {
  user: SessionUser | null;
  ended?: SessionEnd;
  /**
   * The server no longer knows the session, but the page is still open: the reader signs in again
   * in a dialog and carries on with what they typed.
   */
  reauthenticate?: boolean;
}

export const sessionQueryKey = ['session'] as const;

export async function getSession(signal?: AbortSignal): Promise<SessionState> {
  try {
    const user = await apiRequest('/api/auth/me', sessionUserSchema, { signal });
    return { user };
  } catch (error) {
    if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') return { user: null };
    throw error;
  }
}

export const { options: sessionQueryOptions, use: useSession } = apiQuery({
  key: () => sessionQueryKey,
  get: getSession,
  staleTime: 5 * 60_000,
});

/** Forgets everything the previous session loaded, then marks the session as ended. */
export function endSession(client: QueryClient, ended: SessionEnd): void {
  client.cancelQueries({ predicate: (query) => query.queryKey[0] !== sessionQueryKey[0] });
  client.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionQueryKey[0] });
  client.setQueryData<SessionState>(sessionQueryKey, { user: null, ended });
}

/**
 * A request met an ended session while someone was signed in: keep the page (and what was typed)
 * and ask for the password again. Without anyone signed in it is the plain end of a session.
 */
export function suspendSession(client: QueryClient): void {
  const current = client.getQueryData<SessionState>(sessionQueryKey);
  if (!current?.user) {
    endSession(client, 'expired');
    return;
  }
  if (current.reauthenticate) return;
  client.setQueryData<SessionState>(sessionQueryKey, { ...current, reauthenticate: true });
}

export function setSessionUser(client: QueryClient, user: SessionUser): void {
  client.setQueryData<SessionState>(sessionQueryKey, { user });
}
