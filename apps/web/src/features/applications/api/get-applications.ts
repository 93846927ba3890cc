import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { applicationListQuerySchema, applicationSchema } from '@vpp/contracts/deployments';
import { pagedSchema } from '@vpp/contracts/paging';
import { apiRequest } from '../../../lib/api-client.ts';
import type { FiltersOf } from '../../../lib/list-filters.ts';
import { applicationsQueryKey } from '../../../lib/query-keys.ts';

const applicationsPageSchema = pagedSchema(applicationSchema);

export const APPLICATIONS_PAGE_SIZE = 50;

/** The filters of the application list, read as the API reads them. */
export const applicationFilterShape = applicationListQuerySchema.pick({ search: true, tokenId: true }).shape;
export type ApplicationFilters = FiltersOf<typeof applicationFilterShape>;
export type ApplicationsQuery = ApplicationFilters & { page: number; pageSize: number };

export { applicationsQueryKey };

export const firstApplicationsPage: ApplicationsQuery = { page: 1, pageSize: APPLICATIONS_PAGE_SIZE };

export function getApplications(query: ApplicationsQuery, signal?: AbortSignal) {
  return apiRequest('/api/applications', applicationsPageSchema, { query: { ...query }, signal });
}

export const applicationsQueryOptions = (query: ApplicationsQuery) =>
  queryOptions({
    queryKey: [...applicationsQueryKey, 'list', query],
    queryFn: ({ signal }) => getApplications(query, signal),
    placeholderData: keepPreviousData,
  });

export function useApplications(query: ApplicationsQuery) {
  return useQuery(applicationsQueryOptions(query));
}
