import type { AuditEntry } from '@vpp/contracts/audit-log';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../../../components/data-table.tsx';
import { useLocaleFormat } from '../../../lib/locale-format.ts';
import { AuditEntryChanges } from './audit-entry-changes.tsx';

const COLUMN_COUNT = 6;

function AuditEntryRows({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  const format = useLocaleFormat();
  const [expanded, setExpanded] = useState(false);
  const detailsId = `audit-entry-${entry.id}-changes`;

  return (
    // One <tbody> per entry keeps an entry and its details together (and striped as one).
    <tbody className="audit-entry">
      <tr>
        <td className="nowrap">
          <time dateTime={entry.at}>{format.dateTime(entry.at)}</time>
        </td>
        <td className="audit-entry__actor">
          {entry.actor ? entry.actor.email : <span className="muted">{t('auditLog.system')}</span>}
        </td>
        <td>
          <code className="code-chip">{entry.action}</code>
        </td>
        <td className="hide-narrow">
          <span className="target">
            <span>{entry.targetType}</span>
            {entry.targetId && <span className="target__id mono">{entry.targetId}</span>}
          </span>
        </td>
        <td className="audit-entry__summary">{entry.summary}</td>
        <td className="audit-entry__toggle">
          <button
            type="button"
            className="button button--ghost button--small disclosure"
            aria-expanded={expanded}
            aria-controls={detailsId}
            title={expanded ? t('auditLog.hideChanges') : t('auditLog.showChanges')}
            onClick={() => setExpanded((open) => !open)}
          >
            <span className="disclosure__icon" aria-hidden="true" />
            <span className="visually-hidden">
              {expanded ? t('auditLog.hideChanges') : t('auditLog.showChanges')}
            </span>
          </button>
        </td>
      </tr>
      <tr id={detailsId} className="audit-entry__details" hidden={!expanded}>
        <td colSpan={COLUMN_COUNT}>{expanded && <AuditEntryChanges entry={entry} />}</td>
      </tr>
    </tbody>
  );
}

export function AuditLogTable({ entries }: { entries: AuditEntry[] }) {
  const { t } = useTranslation();
  return (
    <DataTable
      className="audit-table"
      caption={t('auditLog.caption')}
      headings="auditLog.columns"
      columns={[
        'at',
        'actor',
        'action',
        ['target', 'hide-narrow'],
        'summary',
        ['details', 'audit-entry__toggle', 'visually-hidden'],
      ]}
      bodies
    >
      {entries.map((entry) => (
        <AuditEntryRows key={entry.id} entry={entry} />
      ))}
    </DataTable>
  );
}
