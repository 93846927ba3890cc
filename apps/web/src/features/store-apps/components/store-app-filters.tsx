import { storeAppQuerySchema } from '@vpp/contracts/store-apps';
import { useTranslation } from 'react-i18next';
import { FilterBar } from '../../../components/filter-bar.tsx';
import { enumOptions, useNameOptions, useTokenTypeOptions } from '../../../lib/filter-options.ts';
import { useFilterDraft } from '../../../lib/use-filter-draft.ts';
import { useCategories } from '../../tokens/api/get-categories.ts';
import { TokenSelectField } from '../../tokens/index.ts';
import { type StoreAppFilters as Filters, storeAppFilterShape } from '../api/get-store-apps.ts';

interface StoreAppFiltersProps {
  filters: Filters;
  onApply: (filters: Filters) => void;
}

const productTypes = storeAppQuerySchema.shape.productType.unwrap().options;

/** Narrows the license list; the form keeps its own draft and only changes the list when applied. */
export function StoreAppFilters({ filters, onApply }: StoreAppFiltersProps) {
  const { t } = useTranslation();
  const categories = useCategories();
  const draft = useFilterDraft(storeAppFilterShape, filters, onApply);
  const categoryOptions = useNameOptions(
    categories.data,
    filters.category,
    t('storeApps.filters.anyCategory'),
  );
  const tokenTypeOptions = useTokenTypeOptions(t('storeApps.filters.anyTokenType'));
  const deviceOptions = enumOptions(
    ['true', 'false'],
    (value) =>
      t(value === 'true' ? 'storeApps.filters.deviceLicensingYes' : 'storeApps.filters.deviceLicensingNo'),
    t('storeApps.filters.anyDeviceLicensing'),
  );
  const productOptions = enumOptions(
    productTypes,
    (value) => t(`storeApps.productTypes.${value}`),
    t('storeApps.filters.anyProductType'),
  );

  return (
    <FilterBar
      texts="storeApps.filters"
      draft={draft}
      layout="wide"
      search
      selects={[
        { name: 'tokenType', options: tokenTypeOptions },
        { name: 'category', options: categoryOptions, busy: categories.isPending },
        { name: 'deviceAssignable', label: 'deviceLicensing', options: deviceOptions },
        { name: 'productType', options: productOptions },
      ]}
    >
      <TokenSelectField
        label={t('storeApps.filters.token')}
        anyLabel={t('storeApps.filters.anyToken')}
        name="tokenId"
        value={draft.draft.tokenId}
        onChange={(tokenId) => draft.set('tokenId', tokenId)}
      />
    </FilterBar>
  );
}
