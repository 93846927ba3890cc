// The cached queries one feature refreshes for another (a deployment moves an application's counts
// and the store-app licenses): their keys live here, so those features need not import each other.

/** Every application list and application. */
export const applicationsQueryKey = ['applications'] as const;
/** One application with its deployments. */
export const applicationQueryKey = (id: string) => [...applicationsQueryKey, 'detail', id] as const;
/** Every store-app list: a sync, a deployment or a new application refreshes them at once. */
export const storeAppsQueryKey = ['store-apps'] as const;
