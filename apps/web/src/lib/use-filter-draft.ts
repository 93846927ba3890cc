import { type ChangeEvent, type FormEvent, useState } from 'react';
import { draftFrom, type FilterShape, type FiltersOf, filtersFrom, hasFilters } from './list-filters.ts';

/**
 * A filter form's draft: the fields change only the draft; applying reads it with the filters'
 * schemas and hands the filters on (to the address), and clearing hands on none. The form is
 * remounted when the applied filters change, so the draft starts from what is applied.
 */
export function useFilterDraft<S extends FilterShape>(
  shape: S,
  applied: FiltersOf<S>,
  onApply: (filters: FiltersOf<S>) => void,
) {
  const [draft, setDraft] = useState(() => draftFrom(shape, applied));

  function set(name: keyof S & string, value: string) {
    setDraft((current) => ({ ...current, [name]: value }));
  }

  return {
    draft,
    set,
    field: (name: keyof S & string) => ({
      name,
      value: draft[name],
      onChange: (event: ChangeEvent<HTMLInputElement | HTMLSelectElement>) => set(name, event.target.value),
    }),
    apply: (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      onApply(filtersFrom(shape, (name) => draft[name]));
    },
    canClear: hasFilters(applied),
    clear: () => onApply({}),
  };
}

export type FilterDraft = ReturnType<typeof useFilterDraft>;
