import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  licenseReturnSuggestionsSchema,
  licenseReturnSummarySchema,
  releaseDeviceLicensesResultSchema,
  returnedLicensesPageSchema,
} from '@vpp/contracts/license-returns';
import { apiRequest } from '../../../lib/api-client.ts';

const root = ['license-returns'] as const;

export const licenseReturnSummaryQueryOptions = () =>
  queryOptions({
    queryKey: [...root, 'summary'],
    queryFn: ({ signal }) =>
      apiRequest('/api/license-returns/summary', licenseReturnSummarySchema, { signal }),
  });

export function useLicenseReturnSummary() {
  return useQuery(licenseReturnSummaryQueryOptions());
}

export const returnedLicensesQueryOptions = (page: number, pageSize = 50) =>
  queryOptions({
    queryKey: [...root, 'list', page, pageSize],
    queryFn: ({ signal }) =>
      apiRequest(`/api/license-returns?page=${page}&pageSize=${pageSize}`, returnedLicensesPageSchema, {
        signal,
      }),
  });

export function useReturnedLicenses(page: number) {
  return useQuery(returnedLicensesQueryOptions(page));
}

export function useLicenseReturnSuggestions() {
  return useQuery({
    queryKey: [...root, 'suggestions'],
    queryFn: ({ signal }) =>
      apiRequest('/api/license-returns/suggestions', licenseReturnSuggestionsSchema, { signal }),
  });
}

export function useReleaseSuggestion() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (deviceId: string) =>
      apiRequest(
        `/api/license-returns/suggestions/${encodeURIComponent(deviceId)}/release`,
        releaseDeviceLicensesResultSchema,
        { method: 'POST' },
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: root }),
  });
}
