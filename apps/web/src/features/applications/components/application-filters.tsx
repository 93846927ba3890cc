import { useTranslation } from 'react-i18next';
import { FilterBar } from '../../../components/filter-bar.tsx';
import { useFilterDraft } from '../../../lib/use-filter-draft.ts';
import { TokenSelectField } from '../../tokens/index.ts';
import { applicationFilterShape, type ApplicationFilters as Filters } from '../api/get-applications.ts';

interface ApplicationFiltersProps {
  filters: Filters;
  onApply: (filters: Filters) => void;
}

export function ApplicationFilters({ filters, onApply }: ApplicationFiltersProps) {
  const { t } = useTranslation();
  const draft = useFilterDraft(applicationFilterShape, filters, onApply);
  return (
    <FilterBar texts="applications.filters" draft={draft} layout="inline" search>
      <TokenSelectField
        label={t('applications.filters.token')}
        anyLabel={t('applications.filters.anyToken')}
        name="tokenId"
        value={draft.draft.tokenId}
        onChange={(tokenId) => draft.set('tokenId', tokenId)}
      />
    </FilterBar>
  );
}
