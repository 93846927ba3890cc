import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type DeploymentRequest, deploymentSchema } from '@vpp/contracts/deployments';
import { apiRequest } from '../../../lib/api-client.ts';
import { applicationQueryKey, applicationsQueryKey, storeAppsQueryKey } from '../../../lib/query-keys.ts';
import { deploymentQueryKey, firstDeploymentPage } from './get-deployment.ts';

/** Saves a deployment; an install reserves the licenses it claims at once. */
export function createDeployment(request: DeploymentRequest) {
  return apiRequest('/api/deployments', deploymentSchema, { method: 'POST', body: request });
}

export function useCreateDeployment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createDeployment,
    onSuccess: (deployment) => {
      // The deployment page opens with the answer (its first page of targets, unfiltered).
      queryClient.setQueryData([...deploymentQueryKey(deployment.id), firstDeploymentPage], deployment);
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: applicationQueryKey(deployment.applicationId) }),
        queryClient.invalidateQueries({ queryKey: applicationsQueryKey }),
        queryClient.invalidateQueries({ queryKey: storeAppsQueryKey }),
      ]);
    },
  });
}
