import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  type ReclaimRequest,
  type ReclaimRule,
  reclaimCandidatesSchema,
  reclaimResultSchema,
  reclaimSchema,
  reclaimsPageSchema,
} from '@vpp/contracts/reclaim';
import { apiRequest } from '../../../lib/api-client.ts';

const root = ['reclaim'] as const;

export const reclaimCandidatesQueryOptions = (
  rule: ReclaimRule,
  days: number | undefined,
  tokenId: string | undefined,
) =>
  queryOptions({
    queryKey: [...root, 'candidates', rule, days ?? null, tokenId ?? null],
    queryFn: ({ signal }) =>
      apiRequest(
        `/api/reclaim/candidates?${new URLSearchParams({
          rule,
          ...(days ? { days: String(days) } : {}),
          ...(tokenId ? { tokenId } : {}),
        })}`,
        reclaimCandidatesSchema,
        { signal },
      ),
  });

export function useReclaimCandidates(
  rule: ReclaimRule,
  days: number | undefined,
  tokenId: string | undefined,
) {
  return useQuery(reclaimCandidatesQueryOptions(rule, days, tokenId));
}

export const reclaimsQueryOptions = (page: number, pageSize = 20) =>
  queryOptions({
    queryKey: [...root, 'list', page, pageSize],
    queryFn: ({ signal }) =>
      apiRequest(`/api/reclaims?page=${page}&pageSize=${pageSize}`, reclaimsPageSchema, { signal }),
  });

export function useReclaims(page: number) {
  return useQuery(reclaimsQueryOptions(page));
}

export function useReclaim() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Omit<ReclaimRequest, 'dryRun'> & { dryRun: boolean }) =>
      apiRequest('/api/reclaim', reclaimResultSchema, { method: 'POST', body }),
    onSuccess: (result) => {
      if (!result.dryRun) return queryClient.invalidateQueries({ queryKey: root });
    },
  });
}

export function useUndoReclaim() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiRequest(`/api/reclaims/${encodeURIComponent(id)}/undo`, reclaimSchema, { method: 'POST' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: root }),
  });
}
