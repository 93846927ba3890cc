import type { ReactNode } from 'react';
import type { FilterDraft } from '../lib/use-filter-draft.ts';
import { FilterActions } from './filter-actions.tsx';

interface FilterBarProps {
  label: string;
  draft: Pick<FilterDraft, 'apply' | 'canClear' | 'clear'>;
  applyLabel: string;
  clearLabel: string;
  /** `filters--inline` for a few fields on one line, `filters--wide` for many. */
  layout?: 'inline' | 'wide';
  children: ReactNode;
}

/** A list's filter form: its fields, then apply and clear. */
export function FilterBar({ label, draft, applyLabel, clearLabel, layout, children }: FilterBarProps) {
  return (
    <search>
      <form
        className={layout ? `filters filters--${layout}` : 'filters'}
        onSubmit={draft.apply}
        aria-label={label}
      >
        {children}
        <FilterActions
          applyLabel={applyLabel}
          clearLabel={clearLabel}
          canClear={draft.canClear}
          onClear={draft.clear}
        />
      </form>
    </search>
  );
}
