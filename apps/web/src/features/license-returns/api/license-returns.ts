import {
  licenseReturnSuggestionsSchema,
  licenseReturnSummarySchema,
  releaseDeviceLicensesResultSchema,
  returnedLicensesPageSchema,
} from '@vpp/contracts/license-returns';
import { apiRequest } from '../../../lib/api-client.ts';
import { apiQuery, useRefreshingMutation } from '../../../lib/api-hooks.ts';

const PATH = '/api/license-returns';
const root = ['license-returns'] as const;

export const { options: licenseReturnSummaryQueryOptions, use: useLicenseReturnSummary } = apiQuery({
  key: () => [...root, 'summary'],
  get: (signal) => apiRequest(`${PATH}/summary`, licenseReturnSummarySchema, { signal }),
});

export const RETURNED_PAGE_SIZE = 50;

export const { options: returnedLicensesQueryOptions, use: useReturnedLicenses } = apiQuery({
  key: (page: number) => [...root, 'list', page, RETURNED_PAGE_SIZE],
  get: (page, signal) =>
    apiRequest(PATH, returnedLicensesPageSchema, { query: { page, pageSize: RETURNED_PAGE_SIZE }, signal }),
});

export const { use: useLicenseReturnSuggestions } = apiQuery({
  key: () => [...root, 'suggestions'],
  get: (signal) => apiRequest(`${PATH}/suggestions`, licenseReturnSuggestionsSchema, { signal }),
});

export function useReleaseSuggestion() {
  return useRefreshingMutation(
    (deviceId: string) =>
      apiRequest(
        `${PATH}/suggestions/${encodeURIComponent(deviceId)}/release`,
        releaseDeviceLicensesResultSchema,
        { method: 'POST' },
      ),
    () => [root],
  );
}
