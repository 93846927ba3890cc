import { storeAppQuerySchema, storeAppSchema, storeAppSortKeys } from '@vpp/contracts/store-apps';
import { pagedList } from '../../../lib/api-hooks.ts';
import type { FiltersOf } from '../../../lib/list-filters.ts';
import { storeAppsQueryKey } from '../../../lib/query-keys.ts';

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
export const {
  get: getStoreApps,
  options: storeAppsQueryOptions,
  useList: useStoreApps,
} = pagedList<StoreAppsQuery, typeof storeAppSchema>('/api/store-apps', storeAppSchema, storeAppsQueryKey);
