import { useQuery } from '@tanstack/react-query';
import { MAX_PAGE_SIZE } from '@vpp/contracts/paging';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { FilterBar } from '../../../components/filter-bar.tsx';
import { NumberField, TextField } from '../../../components/form-field.tsx';
import { useNameOptions, useTokenTypeOptions } from '../../../lib/filter-options.ts';
import { useFilterDraft } from '../../../lib/use-filter-draft.ts';
import { useCategories } from '../../tokens/api/get-categories.ts';
import { tokenQueryOptions } from '../../tokens/api/get-token.ts';
import { tokensQueryOptions } from '../../tokens/api/get-tokens.ts';
import { type LicenseReportFilters as Filters, licenseReportFilterShape } from '../api/get-license-report.ts';

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
  const draft = useFilterDraft(licenseReportFilterShape, filters, onApply);
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

  return (
    <FilterBar
      texts="reports.licenseCounts.filters"
      draft={draft}
      search
      selects={[
        { name: 'tokenId', label: 'token', options: tokenOptions, busy: tokens.pending },
        { name: 'category', options: categoryOptions, busy: categories.isPending },
        { name: 'tokenType', options: typeOptions },
      ]}
    >
      <NumberField
        label={t('reports.licenseCounts.filters.runsOutWithinDays')}
        {...draft.field('runsOutWithinDays')}
      />
      <TextField label={t('reports.licenseCounts.filters.asOf')} type="date" {...draft.field('asOf')} />
    </FilterBar>
  );
}
