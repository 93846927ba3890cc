import { queryOptions, useQuery } from '@tanstack/react-query';
import { signInMethodsSchema } from '@vpp/contracts/sso';
import { apiRequest } from '../../../lib/api-client.ts';

/** Whether the sign-in page offers the organisation's identity provider, and passwords. */
export const signInMethodsQueryOptions = () =>
  queryOptions({
    queryKey: ['sign-in-methods'],
    queryFn: ({ signal }) => apiRequest('/api/auth/oidc/config', signInMethodsSchema, { signal }),
    staleTime: Number.POSITIVE_INFINITY,
  });

export function useSignInMethods() {
  return useQuery(signInMethodsQueryOptions());
}

/** Where the browser goes to sign in through the identity provider, coming back to `returnTo`. */
export function ssoLoginUrl(returnTo: string): string {
  const safe = returnTo.startsWith('/') && !returnTo.startsWith('//') ? returnTo : '/';
  return `/api/auth/oidc/login?${new URLSearchParams({ returnTo: safe })}`;
}
