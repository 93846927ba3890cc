import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FilterActions } from '../../../components/filter-actions.tsx';
import { TextField } from '../../../components/form-field.tsx';
import { TokenSelectField } from '../../store-apps/components/token-select-field.tsx';
import type { ApplicationFilters as Filters } from '../api/get-applications.ts';

interface ApplicationFiltersProps {
  filters: Filters;
  onApply: (filters: Filters) => void;
}

export function ApplicationFilters({ filters, onApply }: ApplicationFiltersProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState(filters.search ?? '');
  const [tokenId, setTokenId] = useState(filters.tokenId ?? '');
  const hasFilters = Boolean(filters.search || filters.tokenId);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next: Filters = {};
    if (search.trim()) next.search = search.trim();
    if (tokenId) next.tokenId = tokenId;
    onApply(next);
  }

  return (
    <search>
      <form
        className="filters filters--inline"
        onSubmit={submit}
        aria-label={t('applications.filters.label')}
      >
        <TextField
          label={t('applications.filters.search')}
          type="search"
          name="search"
          value={search}
          placeholder={t('applications.filters.searchPlaceholder')}
          onChange={(event) => setSearch(event.target.value)}
          maxLength={200}
        />
        <TokenSelectField
          label={t('applications.filters.token')}
          anyLabel={t('applications.filters.anyToken')}
          name="tokenId"
          value={tokenId}
          onChange={setTokenId}
        />
        <FilterActions
          applyLabel={t('applications.filters.apply')}
          clearLabel={t('applications.filters.clear')}
          canClear={hasFilters}
          onClear={() => onApply({})}
        />
      </form>
    </search>
  );
}
