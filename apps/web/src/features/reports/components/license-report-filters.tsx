import { useQuery } from '@tanstack/react-query';
import { MAX_PAGE_SIZE } from '@vpp/contracts/paging';
import { licenseReportQuerySchema } from '@vpp/contracts/reports';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FilterActions } from '../../../components/filter-actions.tsx';
import { SelectField, TextField } from '../../../components/form-field.tsx';
import { useNameOptions, useTokenTypeOptions } from '../../../lib/filter-options.ts';
import { useCategories } from '../../tokens/api/get-categories.ts';
import { tokenQueryOptions } from '../../tokens/api/get-token.ts';
import { tokensQueryOptions } from '../../tokens/api/get-tokens.ts';
import type { LicenseReportFilters as Filters } from '../api/get-license-report.ts';

/** The tokens to choose from: the first page the API gives, by name. */
export const tokenChoicesQuery = { page: 1, pageSize: MAX_PAGE_SIZE } as const;

/**
 * The names of the tokens to filter by; a token chosen in the address that is not among them
 * (a bookmark, a link from the dashboard) is looked up by itself.
 */
export function useTokenChoices(chosenId: string | undefined) {
  const list = useQuery(tokensQueryOptions(tokenChoicesQuery));
  const listed = list.data?.items.some((token) => token.id === chosenId) ?? false;
  const chosen = useQuery({
    ...tokenQueryOptions(chosenId ?? ''),
    enabled: chosenId !== undefined && list.isSuccess && !listed,
  });
  return useMemo(() => {
    const choices = (list.data?.items ?? []).map(({ id, name }) => ({ id, name }));
    if (chosen.data && !choices.some((token) => token.id === chosen.data.id)) {
      choices.push({ id: chosen.data.id, name: chosen.data.name });
    }
    return { choices, pending: list.isPending };
  }, [list.data, list.isPending, chosen.data]);
}

interface LicenseReportFiltersProps {
  filters: Filters;
  onApply: (filters: Filters) => void;
}

/** Narrows the report; the form keeps its own draft and only changes the report when applied. */
export function LicenseReportFilters({ filters, onApply }: LicenseReportFiltersProps) {
  const { t } = useTranslation();
  const categories = useCategories();
  const tokens = useTokenChoices(filters.tokenId);
  const [search, setSearch] = useState(filters.search ?? '');
  const [tokenId, setTokenId] = useState(filters.tokenId ?? '');
  const [category, setCategory] = useState(filters.category ?? '');
  const [tokenType, setTokenType] = useState<string>(filters.tokenType ?? '');
  const hasFilters = Object.values(filters).some(Boolean);

  const tokenOptions = useMemo(
    () => [
      { value: '', label: t('reports.licenseCounts.filters.anyToken') },
      ...tokens.choices.map((token) => ({ value: token.id, label: token.name })),
    ],
    [tokens.choices, t],
  );
  const categoryOptions = useNameOptions(
    categories.data,
    filters.category,
    t('reports.licenseCounts.filters.anyCategory'),
  );
  const typeOptions = useTokenTypeOptions(t('reports.licenseCounts.filters.anyTokenType'));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const shape = licenseReportQuerySchema.shape;
    const next: Filters = {};
    const chosenSearch = shape.search.safeParse(search);
    if (chosenSearch.success && chosenSearch.data) next.search = chosenSearch.data;
    const chosenToken = shape.tokenId.safeParse(tokenId || undefined);
    if (chosenToken.success && chosenToken.data) next.tokenId = chosenToken.data;
    if (category) next.category = category;
    const chosenType = shape.tokenType.safeParse(tokenType || undefined);
    if (chosenType.success && chosenType.data) next.tokenType = chosenType.data;
    onApply(next);
  }

  return (
    <search>
      <form className="filters" onSubmit={submit} aria-label={t('reports.licenseCounts.filters.label')}>
        <TextField
          label={t('reports.licenseCounts.filters.search')}
          type="search"
          name="search"
          value={search}
          placeholder={t('reports.licenseCounts.filters.searchPlaceholder')}
          onChange={(event) => setSearch(event.target.value)}
          maxLength={200}
        />
        <SelectField
          label={t('reports.licenseCounts.filters.token')}
          name="tokenId"
          value={tokenId}
          onChange={(event) => setTokenId(event.target.value)}
          options={tokenOptions}
          aria-busy={tokens.pending}
        />
        <SelectField
          label={t('reports.licenseCounts.filters.category')}
          name="category"
          value={category}
          onChange={(event) => setCategory(event.target.value)}
          options={categoryOptions}
          aria-busy={categories.isPending}
        />
        <SelectField
          label={t('reports.licenseCounts.filters.tokenType')}
          name="tokenType"
          value={tokenType}
          onChange={(event) => setTokenType(event.target.value)}
          options={typeOptions}
        />
        <FilterActions
          applyLabel={t('reports.licenseCounts.filters.apply')}
          clearLabel={t('reports.licenseCounts.filters.clear')}
          canClear={hasFilters}
          onClear={() => onApply({})}
        />
      </form>
    </search>
  );
}
