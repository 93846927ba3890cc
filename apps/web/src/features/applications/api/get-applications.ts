import { applicationListQuerySchema, applicationSchema } from '@vpp/contracts/deployments';
import { pagedList } from '../../../lib/api-hooks.ts';
import type { FiltersOf } from '../../../lib/list-filters.ts';
import { applicationsQueryKey } from '../../../lib/query-keys.ts';

export const APPLICATIONS_PAGE_SIZE = 50;

/** The filters of the application list, read as the API reads them. */
export const applicationFilterShape = applicationListQuerySchema.pick({ search: true, tokenId: true }).shape;
export type ApplicationFilters = FiltersOf<typeof applicationFilterShape>;
export type ApplicationsQuery = ApplicationFilters & { page: number; pageSize: number };

export { applicationsQueryKey };

export const firstApplicationsPage: ApplicationsQuery = { page: 1, pageSize: APPLICATIONS_PAGE_SIZE };

export const {
  get: getApplications,
  options: applicationsQueryOptions,
  useList: useApplications,
} = pagedList<ApplicationsQuery, typeof applicationSchema>(
  '/api/applications',
  applicationSchema,
  applicationsQueryKey,
);
