import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiKeyListSchema, type CreateApiKeyRequest, createdApiKeySchema } from '@vpp/contracts/api-keys';
import { apiCommand, apiRequest } from '../../../lib/api-client.ts';
import { useRefreshingMutation } from '../../../lib/api-hooks.ts';

export const apiKeysQueryKey = ['api-keys'] as const;

export const apiKeysQueryOptions = () =>
  queryOptions({
    queryKey: apiKeysQueryKey,
    queryFn: ({ signal }) => apiRequest('/api/api-keys', apiKeyListSchema, { signal }),
  });

export function useApiKeys() {
  return useQuery(apiKeysQueryOptions());
}

export function useCreateApiKey() {
  return useRefreshingMutation(
    (body: CreateApiKeyRequest) => apiRequest('/api/api-keys', createdApiKeySchema, { method: 'POST', body }),
    () => [apiKeysQueryKey],
  );
}

export function useRevokeApiKey() {
  return useRefreshingMutation(
    (id: string) => apiCommand(`/api/api-keys/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    () => [apiKeysQueryKey],
  );
}
