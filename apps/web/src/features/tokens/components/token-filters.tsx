import { tokenStatusSchema, tokenTypeSchema } from '@vpp/contracts/tokens';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FilterActions } from '../../../components/filter-actions.tsx';
import { SelectField, TextField } from '../../../components/form-field.tsx';
import { useNameOptions, useTokenTypeOptions } from '../../../lib/filter-options.ts';
import { useCategories } from '../api/get-categories.ts';
import type { TokenFilters as Filters } from '../api/get-tokens.ts';

interface TokenFiltersProps {
  filters: Filters;
  onApply: (filters: Filters) => void;
}

/** Narrows the token list; the form keeps its own draft and only changes the list when applied. */
export function TokenFilters({ filters, onApply }: TokenFiltersProps) {
  const { t } = useTranslation();
  const categories = useCategories();
  const [search, setSearch] = useState(filters.search ?? '');
  const [status, setStatus] = useState<string>(filters.status ?? '');
  const [type, setType] = useState<string>(filters.type ?? '');
  const [category, setCategory] = useState(filters.category ?? '');
  const hasFilters = Object.values(filters).some(Boolean);

  const statusOptions = useMemo(
    () => [
      { value: '', label: t('tokens.filters.anyStatus') },
      ...tokenStatusSchema.options.map((value) => ({ value, label: t(`tokens.status.${value}`) })),
    ],
    [t],
  );
  const typeOptions = useTokenTypeOptions(t('tokens.filters.anyType'));
  // A category from the address that no token uses any more still shows as chosen.
  const categoryOptions = useNameOptions(categories.data, filters.category, t('tokens.filters.anyCategory'));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next: Filters = {};
    if (search.trim()) next.search = search.trim();
    const chosenStatus = tokenStatusSchema.safeParse(status);
    if (chosenStatus.success) next.status = chosenStatus.data;
    const chosenType = tokenTypeSchema.safeParse(type);
    if (chosenType.success) next.type = chosenType.data;
    if (category) next.category = category;
    onApply(next);
  }

  return (
    <search>
      <form className="filters" onSubmit={submit} aria-label={t('tokens.filters.label')}>
        <TextField
          label={t('tokens.filters.search')}
          type="search"
          name="search"
          value={search}
          placeholder={t('tokens.filters.searchPlaceholder')}
          onChange={(event) => setSearch(event.target.value)}
          maxLength={200}
        />
        <SelectField
          label={t('tokens.filters.status')}
          name="status"
          value={status}
          onChange={(event) => setStatus(event.target.value)}
          options={statusOptions}
        />
        <SelectField
          label={t('tokens.filters.type')}
          name="type"
          value={type}
          onChange={(event) => setType(event.target.value)}
          options={typeOptions}
        />
        <SelectField
          label={t('tokens.filters.category')}
          name="category"
          value={category}
          onChange={(event) => setCategory(event.target.value)}
          options={categoryOptions}
          aria-busy={categories.isPending}
        />
        <FilterActions
          applyLabel={t('tokens.filters.apply')}
          clearLabel={t('tokens.filters.clear')}
          canClear={hasFilters}
          onClear={() => onApply({})}
        />
      </form>
    </search>
  );
}
