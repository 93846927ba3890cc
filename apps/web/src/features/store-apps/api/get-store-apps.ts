import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { pagedSchema } from '@vpp/contracts/paging';
import { storeAppQuerySchema, storeAppSchema, storeAppSortKeys } from '@vpp/contracts/store-apps';
import { apiRequest } from '../../../lib/api-client.ts';
import type { FiltersOf } from '../../../lib/list-filters.ts';
import { storeAppsQueryKey } from '../../../lib/query-keys.ts';

const storeAppsPageSchema = pagedSchema(storeAppSchema);

export const STORE_APPS_PAGE_SIZE = 50;

export type StoreAppSortKey = (typeof storeAppSortKeys)[number];
/** A column to sort by, descending with a leading `-`. */
export type StoreAppSort = StoreAppSortKey | `-${StoreAppSortKey}`;

/** The filters of the store-app list, read as the API reads them. */
export const storeAppFilterShape = storeAppQuerySchema.pick({
  search: true,
  tokenId: true,
  category: true,
  tokenType: true,
  deviceAssignable: true,
  productType: true,
}).shape;
export type StoreAppFilters = FiltersOf<typeof storeAppFilterShape>;
export type StoreAppsQuery = StoreAppFilters & { sort: StoreAppSort; page: number; pageSize: number };

export { storeAppsQueryKey };

/** The first page without filters: what the page shows when opened from the navigation. */
export const firstStoreAppsPage: StoreAppsQuery = { sort: 'name', page: 1, pageSize: STORE_APPS_PAGE_SIZE };

export function isStoreAppSort(value: string | null): value is StoreAppSort {
  return value !== null && (storeAppSortKeys as readonly string[]).includes(value.replace(/^-/, ''));
}

/** One page, filtered and sorted by the database: the list stays fast at 3,000 tokens × 200 apps. */
export function getStoreApps(query: StoreAppsQuery, signal?: AbortSignal) {
  return apiRequest('/api/store-apps', storeAppsPageSchema, { query: { ...query }, signal });
}

export const storeAppsQueryOptions = (query: StoreAppsQuery) =>
  queryOptions({
    queryKey: [...storeAppsQueryKey, 'list', query],
    queryFn: ({ signal }) => getStoreApps(query, signal),
    placeholderData: keepPreviousData,
  });

export function useStoreApps(query: StoreAppsQuery) {
  return useQuery(storeAppsQueryOptions(query));
}
