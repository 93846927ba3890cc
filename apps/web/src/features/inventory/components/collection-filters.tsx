import { collectionTypeSchema } from '@vpp/contracts/inventory';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FilterActions } from '../../../components/filter-actions.tsx';
import { SelectField, TextField } from '../../../components/form-field.tsx';
import type { CollectionsQuery } from '../api/get-collections.ts';

type Filters = Pick<CollectionsQuery, 'search' | 'type'>;

interface CollectionFiltersProps {
  filters: Filters;
  onApply: (filters: Filters) => void;
}

export function CollectionFilters({ filters, onApply }: CollectionFiltersProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState(filters.search ?? '');
  const [type, setType] = useState<string>(filters.type ?? '');
  const hasFilters = Boolean(filters.search || filters.type);
  const typeOptions = useMemo(
    () => [
      { value: '', label: t('inventory.collections.anyType') },
      ...collectionTypeSchema.options.map((value) => ({
        value,
        label: t(`inventory.collectionTypes.${value}`),
      })),
    ],
    [t],
  );

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next: Filters = {};
    if (search.trim()) next.search = search.trim();
    const chosen = collectionTypeSchema.safeParse(type);
    if (chosen.success) next.type = chosen.data;
    onApply(next);
  }

  return (
    <search>
      <form
        className="filters filters--inline"
        onSubmit={submit}
        aria-label={t('inventory.collections.filters')}
      >
        <TextField
          label={t('inventory.search')}
          type="search"
          name="search"
          value={search}
          placeholder={t('inventory.collections.searchPlaceholder')}
          onChange={(event) => setSearch(event.target.value)}
          maxLength={200}
        />
        <SelectField
          label={t('inventory.collections.fields.type')}
          name="type"
          value={type}
          onChange={(event) => setType(event.target.value)}
          options={typeOptions}
        />
        <FilterActions
          applyLabel={t('inventory.searchApply')}
          clearLabel={t('inventory.searchClear')}
          canClear={hasFilters}
          onClear={() => onApply({})}
        />
      </form>
    </search>
  );
}
