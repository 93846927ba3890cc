import { tokenStatusSchema } from '@vpp/contracts/tokens';
import { useTranslation } from 'react-i18next';
import { FilterBar } from '../../../components/filter-bar.tsx';
import { SearchField, SelectField } from '../../../components/form-field.tsx';
import { enumOptions, useNameOptions, useTokenTypeOptions } from '../../../lib/filter-options.ts';
import { useFilterDraft } from '../../../lib/use-filter-draft.ts';
import { useCategories } from '../api/get-categories.ts';
import { type TokenFilters as Filters, tokenFilterShape } from '../api/get-tokens.ts';

interface TokenFiltersProps {
  filters: Filters;
  onApply: (filters: Filters) => void;
}

/** Narrows the token list; the form keeps its own draft and only changes the list when applied. */
export function TokenFilters({ filters, onApply }: TokenFiltersProps) {
  const { t } = useTranslation();
  const categories = useCategories();
  const draft = useFilterDraft(tokenFilterShape, filters, onApply);
  const statusOptions = enumOptions(
    tokenStatusSchema.options,
    (value) => t(`tokens.status.${value}`),
    t('tokens.filters.anyStatus'),
  );
  const typeOptions = useTokenTypeOptions(t('tokens.filters.anyType'));
  // A category from the address that no token uses any more still shows as chosen.
  const categoryOptions = useNameOptions(categories.data, filters.category, t('tokens.filters.anyCategory'));

  return (
    <FilterBar
      label={t('tokens.filters.label')}
      draft={draft}
      applyLabel={t('tokens.filters.apply')}
      clearLabel={t('tokens.filters.clear')}
    >
      <SearchField
        label={t('tokens.filters.search')}
        {...draft.field('search')}
        placeholder={t('tokens.filters.searchPlaceholder')}
      />
      <SelectField label={t('tokens.filters.status')} {...draft.field('status')} options={statusOptions} />
      <SelectField label={t('tokens.filters.type')} {...draft.field('type')} options={typeOptions} />
      <SelectField
        label={t('tokens.filters.category')}
        {...draft.field('category')}
        options={categoryOptions}
        aria-busy={categories.isPending}
      />
    </FilterBar>
  );
}
