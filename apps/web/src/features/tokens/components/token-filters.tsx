import { tokenStatusSchema } from '@vpp/contracts/tokens';
import { useTranslation } from 'react-i18next';
import { FilterBar } from '../../../components/filter-bar.tsx';
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
      texts="tokens.filters"
      draft={draft}
      search
      selects={[
        { name: 'status', options: statusOptions },
        { name: 'type', options: typeOptions },
        { name: 'category', options: categoryOptions, busy: categories.isPending },
      ]}
    />
  );
}
