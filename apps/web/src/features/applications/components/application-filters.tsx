import { useTranslation } from 'react-i18next';
import { FilterBar } from '../../../components/filter-bar.tsx';
import { SearchField } from '../../../components/form-field.tsx';
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
    <FilterBar
      label={t('applications.filters.label')}
      draft={draft}
      layout="inline"
      applyLabel={t('applications.filters.apply')}
      clearLabel={t('applications.filters.clear')}
    >
      <SearchField
        label={t('applications.filters.search')}
        {...draft.field('search')}
        placeholder={t('applications.filters.searchPlaceholder')}
      />
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
