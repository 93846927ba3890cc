import { queryOptions, useQuery } from '@tanstack/react-query';
import { syncRunChangeSchema } from '@vpp/contracts/tokens';
import { apiRequest } from '../../../lib/api-client.ts';
import { itemsSchema } from '../../../lib/items-schema.ts';
import { syncRunQueryKey } from './get-sync-run.ts';

const syncRunChangesSchema = itemsSchema(syncRunChangeSchema);

export const syncRunChangesQueryKey = (runId: string) => [...syncRunQueryKey(runId), 'changes'] as const;

export function getSyncRunChanges(runId: string, signal?: AbortSignal) {
  return apiRequest(`/api/sync-runs/${encodeURIComponent(runId)}/changes`, syncRunChangesSchema, { signal });
}

export const syncRunChangesQueryOptions = (runId: string) =>
  queryOptions({
    queryKey: syncRunChangesQueryKey(runId),
    queryFn: ({ signal }) => getSyncRunChanges(runId, signal),
    select: (data) => data.items,
  });

export function useSyncRunChanges(runId: string) {
  return useQuery(syncRunChangesQueryOptions(runId));
}
