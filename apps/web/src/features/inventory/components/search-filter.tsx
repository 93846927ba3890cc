import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FilterActions } from '../../../components/filter-actions.tsx';
import { TextField } from '../../../components/form-field.tsx';

interface SearchFilterProps {
  label: string;
  placeholder: string;
  search: string | undefined;
  onApply: (search: string | undefined) => void;
}

/** A list's one search box; it keeps its own draft and only changes the list when applied. */
export function SearchFilter({ label, placeholder, search, onApply }: SearchFilterProps) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(search ?? '');

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onApply(draft.trim() || undefined);
  }

  return (
    <search>
      <form className="filters filters--inline" onSubmit={submit} aria-label={label}>
        <TextField
          label={t('inventory.search')}
          type="search"
          name="search"
          value={draft}
          placeholder={placeholder}
          onChange={(event) => setDraft(event.target.value)}
          maxLength={200}
        />
        <FilterActions
          applyLabel={t('inventory.searchApply')}
          clearLabel={t('inventory.searchClear')}
          canClear={Boolean(search)}
          onClear={() => onApply(undefined)}
        />
      </form>
    </search>
  );
}
