import { storeAppQuerySchema } from '@vpp/contracts/store-apps';
import { tokenTypeSchema } from '@vpp/contracts/tokens';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FilterActions } from '../../../components/filter-actions.tsx';
import { SelectField, TextField } from '../../../components/form-field.tsx';
import { useNameOptions, useTokenTypeOptions } from '../../../lib/filter-options.ts';
import { useCategories } from '../../tokens/api/get-categories.ts';
import type { StoreAppFilters as Filters } from '../api/get-store-apps.ts';
import { TokenSelectField } from './token-select-field.tsx';

interface StoreAppFiltersProps {
  filters: Filters;
  onApply: (filters: Filters) => void;
}

const productTypeSchema = storeAppQuerySchema.shape.productType.unwrap();

/** Narrows the license list; the form keeps its own draft and only changes the list when applied. */
export function StoreAppFilters({ filters, onApply }: StoreAppFiltersProps) {
  const { t } = useTranslation();
  const categories = useCategories();
  const [search, setSearch] = useState(filters.search ?? '');
  const [tokenId, setTokenId] = useState(filters.tokenId ?? '');
  const [category, setCategory] = useState(filters.category ?? '');
  const [tokenType, setTokenType] = useState<string>(filters.tokenType ?? '');
  const [deviceAssignable, setDeviceAssignable] = useState(
    filters.deviceAssignable === undefined ? '' : String(filters.deviceAssignable),
  );
  const [productType, setProductType] = useState<string>(filters.productType ?? '');
  const hasFilters = Object.values(filters).some((value) => value !== undefined && value !== '');

  const categoryOptions = useNameOptions(
    categories.data,
    filters.category,
    t('storeApps.filters.anyCategory'),
  );
  const tokenTypeOptions = useTokenTypeOptions(t('storeApps.filters.anyTokenType'));
  const deviceOptions = useMemo(
    () => [
      { value: '', label: t('storeApps.filters.anyDeviceLicensing') },
      { value: 'true', label: t('storeApps.filters.deviceLicensingYes') },
      { value: 'false', label: t('storeApps.filters.deviceLicensingNo') },
    ],
    [t],
  );
  const productOptions = useMemo(
    () => [
      { value: '', label: t('storeApps.filters.anyProductType') },
      ...productTypeSchema.options.map((value) => ({ value, label: t(`storeApps.productTypes.${value}`) })),
    ],
    [t],
  );

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next: Filters = {};
    if (search.trim()) next.search = search.trim();
    if (tokenId) next.tokenId = tokenId;
    if (category) next.category = category;
    const type = tokenTypeSchema.safeParse(tokenType);
    if (type.success) next.tokenType = type.data;
    if (deviceAssignable) next.deviceAssignable = deviceAssignable === 'true';
    const product = productTypeSchema.safeParse(productType);
    if (product.success) next.productType = product.data;
    onApply(next);
  }

  return (
    <search>
      <form className="filters filters--wide" onSubmit={submit} aria-label={t('storeApps.filters.label')}>
        <TextField
          label={t('storeApps.filters.search')}
          type="search"
          name="search"
          value={search}
          placeholder={t('storeApps.filters.searchPlaceholder')}
          onChange={(event) => setSearch(event.target.value)}
          maxLength={200}
        />
        <TokenSelectField
          label={t('storeApps.filters.token')}
          anyLabel={t('storeApps.filters.anyToken')}
          name="tokenId"
          value={tokenId}
          onChange={setTokenId}
        />
        <SelectField
          label={t('storeApps.filters.tokenType')}
          name="tokenType"
          value={tokenType}
          onChange={(event) => setTokenType(event.target.value)}
          options={tokenTypeOptions}
        />
        <SelectField
          label={t('storeApps.filters.category')}
          name="category"
          value={category}
          onChange={(event) => setCategory(event.target.value)}
          options={categoryOptions}
          aria-busy={categories.isPending}
        />
        <SelectField
          label={t('storeApps.filters.deviceLicensing')}
          name="deviceAssignable"
          value={deviceAssignable}
          onChange={(event) => setDeviceAssignable(event.target.value)}
          options={deviceOptions}
        />
        <SelectField
          label={t('storeApps.filters.productType')}
          name="productType"
          value={productType}
          onChange={(event) => setProductType(event.target.value)}
          options={productOptions}
        />
        <FilterActions
          applyLabel={t('storeApps.filters.apply')}
          clearLabel={t('storeApps.filters.clear')}
          canClear={hasFilters}
          onClear={() => onApply({})}
        />
      </form>
    </search>
  );
}
