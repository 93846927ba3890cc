import { collectionMembersQuerySchema } from '@vpp/contracts/inventory';
import { useTranslation } from 'react-i18next';
import { FilterBar } from '../../../components/filter-bar.tsx';
import { SearchField } from '../../../components/form-field.tsx';
import { useFilterDraft } from '../../../lib/use-filter-draft.ts';

/** The one filter of the device, people and member lists. */
export const searchFilterShape = collectionMembersQuerySchema.pick({ search: true }).shape;

interface SearchFilterProps {
  label: string;
  placeholder: string;
  search: string | undefined;
  onApply: (search: string | undefined) => void;
}

/** A list's one search box; it keeps its own draft and only changes the list when applied. */
export function SearchFilter({ label, placeholder, search, onApply }: SearchFilterProps) {
  const { t } = useTranslation();
  const draft = useFilterDraft(searchFilterShape, search ? { search } : {}, (next) => onApply(next.search));
  return (
    <FilterBar
      label={label}
      draft={draft}
      layout="inline"
      applyLabel={t('inventory.searchApply')}
      clearLabel={t('inventory.searchClear')}
    >
      <SearchField label={t('inventory.search')} {...draft.field('search')} placeholder={placeholder} />
    </FilterBar>
  );
}
