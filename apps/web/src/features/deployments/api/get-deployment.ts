import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { type Deployment, deploymentSchema, type TargetState } from '@vpp/contracts/deployments';
import { apiRequest } from '../../../lib/api-client.ts';
import { hasActiveTargets } from '../target-states.ts';

/** How often a deployment whose targets are still being worked on is asked for again. */
export const DEPLOYMENT_PROGRESS_INTERVAL_MS = 2000;
export const DEPLOYMENT_TARGETS_PAGE_SIZE = 100;

export interface DeploymentTargetFilters {
  state?: TargetState | undefined;
  search?: string | undefined;
}
export type DeploymentQuery = DeploymentTargetFilters & { page: number; pageSize: number };

export const deploymentsQueryKey = ['deployments'] as const;
/** One deployment, every page and filter of its targets. */
export const deploymentQueryKey = (id: string) => [...deploymentsQueryKey, id] as const;

export const firstDeploymentPage: DeploymentQuery = { page: 1, pageSize: DEPLOYMENT_TARGETS_PAGE_SIZE };

/** True while targets of a running deployment are pending, licensed or removed: its progress moves. */
export function isDeploymentInProgress(
  deployment: Pick<Deployment, 'status' | 'counts' | 'action'>,
): boolean {
  return deployment.status === 'ACTIVE' && hasActiveTargets(deployment.counts, deployment.action);
}

export function getDeployment(id: string, query: DeploymentQuery, signal?: AbortSignal) {
  return apiRequest(`/api/deployments/${encodeURIComponent(id)}`, deploymentSchema, {
    query: { ...query },
    signal,
  });
}

export const deploymentQueryOptions = (id: string, query: DeploymentQuery) =>
  queryOptions({
    queryKey: [...deploymentQueryKey(id), query],
    queryFn: ({ signal }) => getDeployment(id, query, signal),
    placeholderData: keepPreviousData,
    staleTime: 0,
    refetchInterval: (current) => {
      const deployment = current.state.data;
      return deployment && isDeploymentInProgress(deployment) ? DEPLOYMENT_PROGRESS_INTERVAL_MS : false;
    },
  });

/** A deployment with a page of its targets, asked for every 2 seconds while it is in progress. */
export function useDeployment(id: string, query: DeploymentQuery) {
  return useQuery(deploymentQueryOptions(id, query));
}
