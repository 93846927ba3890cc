import type { z } from 'zod';

/** The filters of a list, each read by the schema the API reads it with (from packages/contracts). */
export type FilterShape = Record<string, z.ZodType>;

/** The filters that are set, each as its schema gives it. */
export type FiltersOf<S extends FilterShape> = { [K in keyof S]?: Exclude<z.output<S[K]>, undefined> };

/**
 * The filters set in a source (the address, a filter form's draft): each trimmed text its schema
 * takes. A blank one, or one the API would refuse, is left out rather than shown as an error.
 */
export function filtersFrom<S extends FilterShape>(
  shape: S,
  read: (name: string) => string | null | undefined,
): FiltersOf<S> {
  const filters: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(shape)) {
    const text = read(name)?.trim();
    if (!text) continue;
    const parsed = schema.safeParse(text);
    if (parsed.success && parsed.data !== undefined && parsed.data !== '') filters[name] = parsed.data;
  }
  return filters as FiltersOf<S>;
}

/** Whether any filter is set. */
export function hasFilters(filters: object): boolean {
  return Object.values(filters).some((value) => value !== undefined && value !== '');
}

/** A filter form's draft: the text of each field. */
export function draftFrom<S extends FilterShape>(shape: S, filters: FiltersOf<S>): Record<keyof S, string> {
  const draft: Record<string, string> = {};
  for (const name of Object.keys(shape)) {
    const value = (filters as Record<string, unknown>)[name];
    draft[name] = value === undefined ? '' : String(value);
  }
  return draft as Record<keyof S, string>;
}
