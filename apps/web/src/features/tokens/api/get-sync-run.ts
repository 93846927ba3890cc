import { queryOptions, useQuery } from '@tanstack/react-query';
import { type SyncRun, syncRunSchema } from '@vpp/contracts/tokens';
import { apiRequest } from '../../../lib/api-client.ts';

/** How often a run that is queued or running is asked for again, for its live progress. */
export const SYNC_PROGRESS_INTERVAL_MS = 1000;

export const syncRunQueryKey = (runId: string) => ['sync-run', runId] as const;

export function isSyncRunActive(run: Pick<SyncRun, 'status'>): boolean {
  return run.status === 'QUEUED' || run.status === 'RUNNING';
}

export function getSyncRun(runId: string, signal?: AbortSignal) {
  return apiRequest(`/api/sync-runs/${encodeURIComponent(runId)}`, syncRunSchema, { signal });
}

export const syncRunQueryOptions = (runId: string) =>
  queryOptions({
    queryKey: syncRunQueryKey(runId),
    queryFn: ({ signal }) => getSyncRun(runId, signal),
    staleTime: 0,
    refetchInterval: (query) => {
      const run = query.state.data;
      return !run || isSyncRunActive(run) ? SYNC_PROGRESS_INTERVAL_MS : false;
    },
  });

/** A sync run (none while `runId` is undefined), asked for every second while it is queued or running. */
export function useSyncRun(runId: string | undefined) {
  return useQuery({ ...syncRunQueryOptions(runId ?? ''), enabled: runId !== undefined });
}
