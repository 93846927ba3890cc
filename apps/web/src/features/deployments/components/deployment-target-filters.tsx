import { deploymentTargetQuerySchema } from '@vpp/contracts/deployments';
import { useTranslation } from 'react-i18next';
import { FilterBar } from '../../../components/filter-bar.tsx';
import { SearchField, SelectField } from '../../../components/form-field.tsx';
import { enumOptions } from '../../../lib/filter-options.ts';
import { useFilterDraft } from '../../../lib/use-filter-draft.ts';
import type { DeploymentTargetFilters as Filters } from '../api/get-deployment.ts';
import { targetStates } from '../target-states.ts';

/** The filters of a deployment's targets, read as the API reads them. */
export const deploymentTargetFilterShape = deploymentTargetQuerySchema.pick({
  state: true,
  search: true,
}).shape;

interface DeploymentTargetFiltersProps {
  filters: Filters;
  onApply: (filters: Filters) => void;
}

/** Narrows a deployment's targets by state and by serial number, email or assignee. */
export function DeploymentTargetFilters({ filters, onApply }: DeploymentTargetFiltersProps) {
  const { t } = useTranslation();
  const draft = useFilterDraft(deploymentTargetFilterShape, filters, onApply);
  const stateOptions = enumOptions(
    targetStates,
    (value) => t(`deployments.states.${value}`),
    t('deployments.targets.anyState'),
  );
  return (
    <FilterBar
      label={t('deployments.targets.filters')}
      draft={draft}
      layout="inline"
      applyLabel={t('deployments.targets.apply')}
      clearLabel={t('deployments.targets.clear')}
    >
      <SelectField label={t('deployments.targets.state')} {...draft.field('state')} options={stateOptions} />
      <SearchField
        label={t('deployments.targets.search')}
        {...draft.field('search')}
        placeholder={t('deployments.targets.searchPlaceholder')}
      />
    </FilterBar>
  );
}
