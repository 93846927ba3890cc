import { targetStateSchema } from '@vpp/contracts/deployments';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FilterActions } from '../../../components/filter-actions.tsx';
import { SelectField, TextField } from '../../../components/form-field.tsx';
import type { DeploymentTargetFilters as Filters } from '../api/get-deployment.ts';
import { targetStates } from '../target-states.ts';

interface DeploymentTargetFiltersProps {
  filters: Filters;
  onApply: (filters: Filters) => void;
}

/** Narrows a deployment's targets by state and by serial number, email or assignee. */
export function DeploymentTargetFilters({ filters, onApply }: DeploymentTargetFiltersProps) {
  const { t } = useTranslation();
  const [state, setState] = useState<string>(filters.state ?? '');
  const [search, setSearch] = useState(filters.search ?? '');
  const hasFilters = Boolean(filters.state || filters.search);
  const stateOptions = useMemo(
    () => [
      { value: '', label: t('deployments.targets.anyState') },
      ...targetStates.map((value) => ({ value, label: t(`deployments.states.${value}`) })),
    ],
    [t],
  );

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next: Filters = {};
    const chosen = targetStateSchema.safeParse(state);
    if (chosen.success) next.state = chosen.data;
    if (search.trim()) next.search = search.trim();
    onApply(next);
  }

  return (
    <search>
      <form
        className="filters filters--inline"
        onSubmit={submit}
        aria-label={t('deployments.targets.filters')}
      >
        <SelectField
          label={t('deployments.targets.state')}
          name="state"
          value={state}
          onChange={(event) => setState(event.target.value)}
          options={stateOptions}
        />
        <TextField
          label={t('deployments.targets.search')}
          type="search"
          name="search"
          value={search}
          placeholder={t('deployments.targets.searchPlaceholder')}
          onChange={(event) => setSearch(event.target.value)}
          maxLength={200}
        />
        <FilterActions
          applyLabel={t('deployments.targets.apply')}
          clearLabel={t('deployments.targets.clear')}
          canClear={hasFilters}
          onClear={() => onApply({})}
        />
      </form>
    </search>
  );
}
