import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { databaseOutage, isApiError, isDatabaseUnavailableError } from './api-client.ts';

/** True for the 401 that means "no valid session" (not for a wrong password, which is also a 401). */
export function isSessionEndedError(error: unknown): boolean {
  return isApiError(error) && error.code === 'UNAUTHENTICATED';
}

function shouldRetry(failureCount: number, error: unknown): boolean {
  // The database is coming back: keep asking (the page keeps its data or its loading state, and the
  // banner says why) instead of showing an error box.
  if (isDatabaseUnavailableError(error)) return true;
  // A 4xx answer will not change by asking again; a network blip or a 5xx might.
  if (isApiError(error) && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
}

function retryDelay(failureCount: number, error: unknown): number {
  if (isDatabaseUnavailableError(error))
    return (error.retryAfterSeconds ?? databaseOutage.retryAfterSeconds()) * 1000;
  return Math.min(1000 * 2 ** failureCount, 30_000);
}

/**
 * The console's one QueryClient. Any query or mutation that meets UNAUTHENTICATED calls
 * `onSessionEnded`, which sends the reader back to sign-in, wherever the 401 came from.
 */
export function createQueryClient(onSessionEnded: (client: QueryClient) => void): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error) => {
        if (isSessionEndedError(error)) onSessionEnded(client);
      },
    }),
    mutationCache: new MutationCache({
      onError: (error) => {
        if (isSessionEndedError(error)) onSessionEnded(client);
      },
    }),
    defaultOptions: {
      queries: { retry: shouldRetry, retryDelay, staleTime: 30_000, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
  return client;
}
