import { applicationSchema } from '@vpp/contracts/deployments';
import { apiRequest } from '../../../lib/api-client.ts';
import { useRefreshingMutation } from '../../../lib/api-hooks.ts';
import { storeAppsQueryKey } from '../../../lib/query-keys.ts';
import { applicationQueryKey } from './get-application.ts';
import { applicationsQueryKey } from './get-applications.ts';

export interface CreateApplicationInput {
  storeAppId: string;
  /** Without a name the application is named after the app. */
  name?: string | undefined;
}

/** An application is made from one store-app row and stays bound to that token's licenses. */
export function createApplication({ storeAppId, name }: CreateApplicationInput) {
  return apiRequest(`/api/store-apps/${encodeURIComponent(storeAppId)}/applications`, applicationSchema, {
    method: 'POST',
    body: name ? { name } : {},
  });
}

export function useCreateApplication() {
  return useRefreshingMutation(createApplication, (application, _input, queryClient) => {
    // The application page opens with the answer.
    queryClient.setQueryData(applicationQueryKey(application.id), application);
    // Each store-app row counts its applications.
    return [applicationsQueryKey, storeAppsQueryKey];
  });
}
