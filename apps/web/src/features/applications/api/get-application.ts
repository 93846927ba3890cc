import { queryOptions, useQuery } from '@tanstack/react-query';
import { type Application, applicationSchema } from '@vpp/contracts/deployments';
import { apiRequest } from '../../../lib/api-client.ts';
import { applicationQueryKey } from '../../../lib/query-keys.ts';
import { hasActiveTargets } from '../../deployments/target-states.ts';

/** How often an application with a deployment in progress is asked for again. */
export const APPLICATION_PROGRESS_INTERVAL_MS = 2000;

export { applicationQueryKey };

export function getApplication(id: string, signal?: AbortSignal) {
  return apiRequest(`/api/applications/${encodeURIComponent(id)}`, applicationSchema, { signal });
}

function isInProgress(application: Application): boolean {
  return application.deployments.some(
    (deployment) => deployment.status === 'ACTIVE' && hasActiveTargets(deployment.counts),
  );
}

export const applicationQueryOptions = (id: string) =>
  queryOptions({
    queryKey: applicationQueryKey(id),
    queryFn: ({ signal }) => getApplication(id, signal),
    // The deployments' counts move while targets are worked on: follow them until they settle.
    refetchInterval: (query) =>
      query.state.data && isInProgress(query.state.data) ? APPLICATION_PROGRESS_INTERVAL_MS : false,
  });

export function useApplication(id: string) {
  return useQuery(applicationQueryOptions(id));
}
