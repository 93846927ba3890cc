import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiCommand } from '../../../lib/api-client.ts';
import { applicationsQueryKey, storeAppsQueryKey } from '../../../lib/query-keys.ts';
import { deploymentQueryKey } from './get-deployment.ts';

export interface StopDeploymentInput {
  id: string;
}

/** Stops further work; licenses already claimed stay assigned until an uninstall deployment releases them. */
export function stopDeployment({ id }: StopDeploymentInput) {
  return apiCommand(`/api/deployments/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export function useStopDeployment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: stopDeployment,
    onSuccess: (_data, { id }) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: deploymentQueryKey(id) }),
        queryClient.invalidateQueries({ queryKey: applicationsQueryKey }),
        // Reservations of targets Apple had not confirmed go back to the app's available licenses.
        queryClient.invalidateQueries({ queryKey: storeAppsQueryKey }),
      ]),
  });
}
