import { queryOptions, useQuery } from '@tanstack/react-query';
import { deletionPreviewSchema } from '@vpp/contracts/tokens';
import { apiRequest } from '../../../lib/api-client.ts';

export const deletionPreviewQueryKey = (tokenId: string) => ['token-deletion-preview', tokenId] as const;

export function getDeletionPreview(tokenId: string, signal?: AbortSignal) {
  return apiRequest(`/api/tokens/${encodeURIComponent(tokenId)}/deletion-preview`, deletionPreviewSchema, {
    signal,
  });
}

export const deletionPreviewQueryOptions = (tokenId: string) =>
  queryOptions({
    queryKey: deletionPreviewQueryKey(tokenId),
    queryFn: ({ signal }) => getDeletionPreview(tokenId, signal),
    // The admin decides on these numbers: always fresh when the dialog opens.
    staleTime: 0,
    gcTime: 0,
  });

export function useDeletionPreview(tokenId: string) {
  return useQuery(deletionPreviewQueryOptions(tokenId));
}
