import { type DeploymentRequest, deploymentSchema } from '@vpp/contracts/deployments';
import { apiRequest } from '../../../lib/api-client.ts';
import { useRefreshingMutation } from '../../../lib/api-hooks.ts';
import { applicationQueryKey, applicationsQueryKey, storeAppsQueryKey } from '../../../lib/query-keys.ts';
import { deploymentQueryKey, firstDeploymentPage } from './get-deployment.ts';

/** Saves a deployment; an install reserves the licenses it claims at once. */
export function createDeployment(request: DeploymentRequest) {
  return apiRequest('/api/deployments', deploymentSchema, { method: 'POST', body: request });
}

export function useCreateDeployment() {
  return useRefreshingMutation(createDeployment, (deployment, _input, queryClient) => {
    // The deployment page opens with the answer (its first page of targets, unfiltered).
    queryClient.setQueryData([...deploymentQueryKey(deployment.id), firstDeploymentPage], deployment);
    return [applicationQueryKey(deployment.applicationId), applicationsQueryKey, storeAppsQueryKey];
  });
}
