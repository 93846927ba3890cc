import { queryOptions, useQuery } from '@tanstack/react-query';
import { type DeploymentRequest, deploymentPreviewSchema } from '@vpp/contracts/deployments';
import { apiRequest } from '../../../lib/api-client.ts';

export const deploymentPreviewQueryKey = (request: DeploymentRequest) =>
  ['deployment-preview', request] as const;

/** What a deployment would claim and who would fail, before it is saved; the API writes nothing. */
export function previewDeployment(request: DeploymentRequest, signal?: AbortSignal) {
  return apiRequest('/api/deployments/preview', deploymentPreviewSchema, {
    method: 'POST',
    body: request,
    signal,
  });
}

export const deploymentPreviewQueryOptions = (request: DeploymentRequest) =>
  queryOptions({
    queryKey: deploymentPreviewQueryKey(request),
    queryFn: ({ signal }) => previewDeployment(request, signal),
    // The admin decides on these numbers: always fresh, never kept.
    staleTime: 0,
    gcTime: 0,
  });

/** The preview of a request (none while `request` is undefined, i.e. until the admin asks for it). */
export function useDeploymentPreview(request: DeploymentRequest | undefined) {
  return useQuery({
    ...deploymentPreviewQueryOptions(
      request ?? { applicationId: '', collectionId: '', action: 'INSTALL', purpose: 'REQUIRED' },
    ),
    enabled: request !== undefined,
  });
}
