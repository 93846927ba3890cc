import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FilterActions } from '../../../components/filter-actions.tsx';
import { TextField } from '../../../components/form-field.tsx';
import type { AuditLogFilters as Filters } from '../api/get-audit-log.ts';

interface AuditLogFiltersProps {
  filters: Filters;
  onApply: (filters: Filters) => void;
}

/** The filter form; it keeps its own draft and only changes the list when applied. */
export function AuditLogFilters({ filters, onApply }: AuditLogFiltersProps) {
  const { t } = useTranslation();
  const [action, setAction] = useState(filters.action ?? '');
  const [targetType, setTargetType] = useState(filters.targetType ?? '');
  const [actorEmail, setActorEmail] = useState(filters.actorEmail ?? '');
  const [search, setSearch] = useState(filters.search ?? '');
  const hasFilters = Object.values(filters).some(Boolean);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onApply({
      action: action.trim(),
      targetType: targetType.trim(),
      actorEmail: actorEmail.trim(),
      search: search.trim(),
    });
  }

  return (
    <search>
      <form className="filters" onSubmit={submit} aria-label={t('auditLog.filters')}>
        <TextField
          label={t('auditLog.search')}
          type="search"
          name="search"
          value={search}
          placeholder={t('auditLog.searchPlaceholder')}
          onChange={(event) => setSearch(event.target.value)}
          maxLength={200}
          className="filters__search"
        />
        <TextField
          label={t('auditLog.action')}
          name="action"
          value={action}
          placeholder={t('auditLog.actionPlaceholder')}
          onChange={(event) => setAction(event.target.value)}
          maxLength={100}
          spellCheck={false}
        />
        <TextField
          label={t('auditLog.targetType')}
          name="targetType"
          value={targetType}
          placeholder={t('auditLog.targetTypePlaceholder')}
          onChange={(event) => setTargetType(event.target.value)}
          maxLength={100}
          spellCheck={false}
        />
        <TextField
          label={t('auditLog.actor')}
          type="email"
          name="actorEmail"
          value={actorEmail}
          onChange={(event) => setActorEmail(event.target.value)}
          maxLength={254}
          spellCheck={false}
        />
        <FilterActions
          applyLabel={t('auditLog.apply')}
          clearLabel={t('auditLog.clear')}
          canClear={hasFilters}
          onClear={() => onApply({})}
        />
      </form>
    </search>
  );
}
