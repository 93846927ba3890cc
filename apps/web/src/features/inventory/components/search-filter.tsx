import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
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
        <div className="filters__actions">
          <button type="submit" className="button button--primary">
            {t('inventory.searchApply')}
          </button>
          {search && (
            <button type="button" className="button button--secondary" onClick={() => onApply(undefined)}>
              {t('inventory.searchClear')}
            </button>
          )}
        </div>
      </form>
    </search>
  );
}
