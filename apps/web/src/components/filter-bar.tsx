import type { ChangeEvent, FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { FilterActions } from './filter-actions.tsx';
import { SearchField, SelectField } from './form-field.tsx';

/** A <select> of the form: the filter it sets, its choices, and its label's name under `texts`. */
export interface SelectFilter<Name extends string = string> {
  name: Name;
  /** The label's name under `texts` when it is not the filter's own. */
  label?: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  /** The choices are still loading. */
  busy?: boolean;
}

interface FieldBinding {
  name: string;
  value: string;
  onChange: (event: ChangeEvent<HTMLInputElement | HTMLSelectElement>) => void;
}

/** What the bar needs of a `useFilterDraft` draft. */
interface Draft<Name extends string> {
  apply(event: FormEvent<HTMLFormElement>): void;
  canClear: boolean;
  clear(): void;
  field(name: Name): FieldBinding;
}

interface FilterBarProps<Name extends string> {
  /**
   * The translation key its texts stand under: `label` (the form's name), `apply`, `clear`, and
   * for `search` `search` and `searchPlaceholder`; the selects' labels are named there too.
   */
  texts?: string;
  /** The form's name and its buttons, where they do not stand under `texts`. */
  label?: string;
  applyLabel?: string;
  clearLabel?: string;
  draft: Draft<Name>;
  /** `filters--inline` for a few fields on one line, `filters--wide` for many. */
  layout?: 'inline' | 'wide';
  /** A search field first, bound to the `search` filter. */
  search?: boolean;
  /** After the search field and the children: one <select> each. */
  selects?: readonly SelectFilter<Name>[];
  children?: ReactNode;
}

/** A list's filter form: its fields (search, the form's own, selects), then apply and clear. */
export function FilterBar<Name extends string>({
  texts,
  label,
  applyLabel,
  clearLabel,
  draft,
  layout,
  search = false,
  selects = [],
  children,
}: FilterBarProps<Name>) {
  const { t } = useTranslation();
  // The prefix is the form's own, so its names are not known to the typed keys.
  const text = (name: string): string => t(`${texts}.${name}` as never);
  return (
    <search>
      <form
        className={layout ? `filters filters--${layout}` : 'filters'}
        onSubmit={draft.apply}
        aria-label={label ?? text('label')}
      >
        {search && (
          <SearchField
            label={text('search')}
            {...draft.field('search' as Name)}
            placeholder={text('searchPlaceholder')}
          />
        )}
        {children}
        {selects.map((select) => (
          <SelectField
            key={select.name}
            label={text(select.label ?? select.name)}
            {...draft.field(select.name)}
            options={select.options}
            aria-busy={select.busy}
          />
        ))}
        <FilterActions
          applyLabel={applyLabel ?? text('apply')}
          clearLabel={clearLabel ?? text('clear')}
          canClear={draft.canClear}
          onClear={draft.clear}
        />
      </form>
    </search>
  );
}
