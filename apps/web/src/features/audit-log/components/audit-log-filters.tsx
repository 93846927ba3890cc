import { useTranslation } from 'react-i18next';
import { FilterBar } from '../../../components/filter-bar.tsx';
import { EmailField, SearchField, SelectField, TextField } from '../../../components/form-field.tsx';
import { useFilterDraft } from '../../../lib/use-filter-draft.ts';
import { auditLogFilterShape, type AuditLogFilters as Filters } from '../api/get-audit-log.ts';
import { auditTargetTypes } from '../audit-targets.ts';

interface AuditLogFiltersProps {
  filters: Filters;
  onApply: (filters: Filters) => void;
}

/** The filter form; it keeps its own draft and only changes the list when applied. */
export function AuditLogFilters({ filters, onApply }: AuditLogFiltersProps) {
  const { t } = useTranslation();
  const draft = useFilterDraft(auditLogFilterShape, filters, onApply);
  return (
    <FilterBar
      label={t('auditLog.filters')}
      draft={draft}
      applyLabel={t('auditLog.apply')}
      clearLabel={t('auditLog.clear')}
    >
      <SearchField
        label={t('auditLog.search')}
        {...draft.field('search')}
        placeholder={t('auditLog.searchPlaceholder')}
        className="filters__search"
      />
      <TextField
        label={t('auditLog.action')}
        {...draft.field('action')}
        placeholder={t('auditLog.actionPlaceholder')}
        maxLength={100}
        spellCheck={false}
      />
      <SelectField
        label={t('auditLog.targetType')}
        {...draft.field('targetType')}
        options={[
          { value: '', label: t('auditLog.anyTargetType') },
          ...auditTargetTypes.map((type) => ({ value: type, label: t(`auditLog.targetTypes.${type}`) })),
        ]}
      />
      <EmailField label={t('auditLog.actor')} {...draft.field('actorEmail')} maxLength={254} />
    </FilterBar>
  );
}
