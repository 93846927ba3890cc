import type { Collection, CollectionType } from '@vpp/contracts/inventory';
import { type KeyboardEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { paths } from '../../app/paths.ts';
import { TextField } from '../../components/form-field.tsx';
import { RadioGroup } from '../../components/radio-group.tsx';
import { useDebouncedValue } from '../../lib/debounced-value.ts';
import { useLocaleFormat } from '../../lib/locale-format.ts';
import { collections as collectionList } from './api/inventory-api.ts';

const SHOWN_COLLECTIONS = 20;

interface CollectionPickerProps {
  value: Collection | undefined;
  onChange: (collection: Collection) => void;
  error?: string | undefined;
  /** Only collections of this type (devices go into device collections, people into user ones). */
  type?: CollectionType | undefined;
}

/**
 * Picks a collection (to deploy to, or to add a device or person to): a search box over the collections (searched by the API, so it
 * works with any number of them) and the matches as radio buttons, each with its type and size.
 */
export function CollectionPicker({ value, onChange, error, type }: CollectionPickerProps) {
  const { t } = useTranslation();
  const format = useLocaleFormat();
  const [search, setSearch] = useState('');
  const term = useDebouncedValue(search.trim());
  const collections = collectionList.useList({
    page: 1,
    pageSize: SHOWN_COLLECTIONS,
    ...(type ? { type } : {}),
    ...(term ? { search: term } : {}),
  });
  const found = collections.data?.items ?? [];
  const total = collections.data?.total ?? 0;
  // The chosen collection stays in the list while another search is shown.
  const listed = useMemo(
    () => (value && !found.some((collection) => collection.id === value.id) ? [value, ...found] : found),
    [value, found],
  );

  function keepFormOpen(event: KeyboardEvent<HTMLInputElement>) {
    // Enter in the search box searches; it does not submit the deployment form.
    if (event.key === 'Enter') event.preventDefault();
  }

  return (
    <div className="collection-picker">
      <TextField
        label={t('deployments.form.searchCollections')}
        type="search"
        name="collectionSearch"
        value={search}
        onChange={(event) => setSearch(event.target.value)}
        onKeyDown={keepFormOpen}
        placeholder={t('deployments.form.searchCollectionsPlaceholder')}
        autoComplete="off"
        maxLength={200}
      />
      <div className="collection-picker__list" aria-busy={collections.isFetching}>
        <RadioGroup
          legend={t('deployments.form.collection')}
          name="collectionId"
          value={value?.id}
          onChange={(id) => {
            const chosen = listed.find((collection) => collection.id === id);
            if (chosen) onChange(chosen);
          }}
          options={listed.map((collection) => ({
            value: collection.id,
            label: collection.name,
            hint: t('deployments.form.collectionFacts', {
              type: t(`inventory.collectionTypes.${collection.type}`),
              members: t('inventory.members', { count: collection.memberCount }),
            }),
          }))}
          error={error}
        />
      </div>
      <p className="field__hint" aria-live="polite">
        {collections.isPending
          ? t('app.loading')
          : listed.length === 0
            ? term
              ? t('deployments.form.noCollectionsMatch')
              : t('deployments.form.noCollections')
            : total > found.length
              ? t('deployments.form.moreCollections', {
                  shown: format.number(found.length),
                  total: format.number(total),
                })
              : null}
      </p>
      {!collections.isPending && total === 0 && !term && (
        <Link to={paths.collections}>{t('deployments.form.createCollection')}</Link>
      )}
    </div>
  );
}
