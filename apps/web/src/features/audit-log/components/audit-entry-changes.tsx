import type { AuditEntry } from '@vpp/contracts/audit-log';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../../../components/data-table.tsx';
import { changeRows, displayValue } from '../change-rows.ts';

export function AuditEntryChanges({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  const none = <span className="muted">{t('common.none')}</span>;

  if (entry.before === null && entry.after === null) {
    return <p className="muted">{t('auditLog.noChanges')}</p>;
  }

  const rows = changeRows(entry.before, entry.after);
  // A creation has no "before" and a deletion no "after": show only the side that exists, and
  // mark changed fields only when there are two sides to compare.
  const hasBefore = entry.before !== null;
  const hasAfter = entry.after !== null;
  const compare = hasBefore && hasAfter;
  return (
    <div className="changes">
      {rows ? (
        <DataTable
          className="table--compact changes__table"
          caption={t('auditLog.changesCaption')}
          columns={[
            t('auditLog.field'),
            hasBefore && <th scope="col">{t('auditLog.before')}</th>,
            hasAfter && <th scope="col">{t('auditLog.after')}</th>,
          ]}
          wrap={false}
        >
          {rows.map((row) => (
            <tr key={row.field} className={compare && row.changed ? 'changes__row--changed' : undefined}>
              <th scope="row" className="mono">
                {row.field}
              </th>
              {hasBefore && <td className="mono">{row.before ?? none}</td>}
              {hasAfter && <td className="mono">{row.after ?? none}</td>}
            </tr>
          ))}
        </DataTable>
      ) : (
        <dl className="changes__plain">
          <dt>{t('auditLog.before')}</dt>
          <dd className="mono">{entry.before === null ? none : displayValue(entry.before)}</dd>
          <dt>{t('auditLog.after')}</dt>
          <dd className="mono">{entry.after === null ? none : displayValue(entry.after)}</dd>
        </dl>
      )}
      {entry.requestId && (
        <p className="changes__meta">
          {t('auditLog.requestId')}: <span className="mono">{entry.requestId}</span>
        </p>
      )}
    </div>
  );
}
