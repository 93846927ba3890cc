import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { type FilterShape, type FiltersOf, filtersFrom, hasFilters } from './list-filters.ts';
import { pageFromParams, paramsFromFilters } from './url-params.ts';

type Extra = Record<string, string | undefined>;

/**
 * A list's filters and page in the address, so a view can be bookmarked and shared: read with the
 * filters' schemas, written with only what is set. Applying filters goes back to the first page.
 */
export function useListParams<S extends FilterShape>(shape: S, pageSize: number) {
  const [params, setParams] = useSearchParams();
  const search = params.toString();
  const filters = useMemo(
    () => filtersFrom(shape, (name) => new URLSearchParams(search).get(name)),
    [shape, search],
  );
  const page = pageFromParams(params);
  const query = useMemo(() => ({ ...filters, page, pageSize }), [filters, page, pageSize]);
  return {
    params,
    filters,
    page,
    pageSize,
    /** What the list is asked for: the filters and the page. */
    query,
    filtered: hasFilters(filters),
    /** Remounts the filter form when the address changes (back button, cleared filters). */
    filterKey: JSON.stringify(filters),
    /** Other parameters (a sort) are kept only when given. */
    applyFilters: (next: FiltersOf<S>, extra: Extra = {}) =>
      setParams(paramsFromFilters({ ...next, ...extra }, 1)),
    goToPage: (next: number, extra: Extra = {}) =>
      setParams(paramsFromFilters({ ...filters, ...extra }, next)),
  };
}
