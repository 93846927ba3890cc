import { collectionListQuerySchema, collectionTypeSchema } from '@vpp/contracts/inventory';
import { useTranslation } from 'react-i18next';
import { FilterBar } from '../../../components/filter-bar.tsx';
import { SearchField, SelectField } from '../../../components/form-field.tsx';
import { enumOptions } from '../../../lib/filter-options.ts';
import type { FiltersOf } from '../../../lib/list-filters.ts';
import { useFilterDraft } from '../../../lib/use-filter-draft.ts';

/** The filters of the collection list, read as the API reads them. */
export const collectionFilterShape = collectionListQuerySchema.pick({ search: true, type: true }).shape;
type Filters = FiltersOf<typeof collectionFilterShape>;

interface CollectionFiltersProps {
  filters: Filters;
  onApply: (filters: Filters) => void;
}

export function CollectionFilters({ filters, onApply }: CollectionFiltersProps) {
  const { t } = useTranslation();
  const draft = useFilterDraft(collectionFilterShape, filters, onApply);
  const typeOptions = enumOptions(
    collectionTypeSchema.options,
    (value) => t(`inventory.collectionTypes.${value}`),
    t('inventory.collections.anyType'),
  );
  return (
    <FilterBar
      label={t('inventory.collections.filters')}
      draft={draft}
      layout="inline"
      applyLabel={t('inventory.searchApply')}
      clearLabel={t('inventory.searchClear')}
    >
      <SearchField
        label={t('inventory.search')}
        {...draft.field('search')}
        placeholder={t('inventory.collections.searchPlaceholder')}
      />
      <SelectField
        label={t('inventory.collections.fields.type')}
        {...draft.field('type')}
        options={typeOptions}
      />
    </FilterBar>
  );
}
