import { useMutation, useQueryClient } from '@tanstack/react-query';
import { applicationSchema } from '@vpp/contracts/deployments';
import { apiRequest } from '../../../lib/api-client.ts';
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
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createApplication,
    onSuccess: (application) => {
      // The application page opens with the answer.
      queryClient.setQueryData(applicationQueryKey(application.id), application);
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: applicationsQueryKey }),
        // Each store-app row counts its applications.
        queryClient.invalidateQueries({ queryKey: storeAppsQueryKey }),
      ]);
    },
  });
}
