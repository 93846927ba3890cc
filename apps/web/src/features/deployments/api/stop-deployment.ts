import { apiCommand } from '../../../lib/api-client.ts';
import { useRefreshingMutation } from '../../../lib/api-hooks.ts';
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
  return useRefreshingMutation(stopDeployment, (_data, { id }) => [
    deploymentQueryKey(id),
    applicationsQueryKey,
    // Reservations of targets Apple had not confirmed go back to the app's available licenses.
    storeAppsQueryKey,
  ]);
}
