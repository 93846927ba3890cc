import { useTranslation } from 'react-i18next';
import { DataTable } from '../../../components/data-table.tsx';
import { LoadError } from '../../../components/load-error.tsx';
import { LoadingState } from '../../../components/loading-state.tsx';
import { useLocaleFormat } from '../../../lib/locale-format.ts';
import { useSyncRunChanges } from '../api/get-sync-run-changes.ts';
import { isUnlimitedCount } from '../sync-changes.ts';

/** What one sync run changed, app by app: added, removed, bought or refunded, assigned outside. */
export function SyncRunChanges({ runId }: { runId: string }) {
  const { t } = useTranslation();
  const format = useLocaleFormat();
  const changes = useSyncRunChanges(runId);

  function count(value: number | null) {
    if (value === null) return <span className="muted">{t('common.none')}</span>;
    return isUnlimitedCount(value) ? t('sync.unlimited') : format.number(value);
  }

  if (changes.isPending) return <LoadingState />;
  if (changes.isError) {
    return <LoadError error={changes.error} onRetry={() => changes.refetch()} className="changes" small />;
  }
  if (changes.data.length === 0) {
    return (
      <div className="changes">
        <p className="muted">{t('sync.changes.empty')}</p>
      </div>
    );
  }
  return (
    <div className="changes">
      <DataTable
        className="table--compact changes__table"
        caption={t('sync.changes.caption')}
        headings="sync.changes.columns"
        columns={['kind', 'app', ['before', 'numeric'], ['after', 'numeric'], ['quantity', 'numeric']]}
        wrap={false}
      >
        {changes.data.map((change) => (
          <tr key={`${change.kind}-${change.adamId}-${change.pricingParam}`}>
            <td className="nowrap">{t(`sync.changes.kinds.${change.kind}`)}</td>
            <th scope="row" className="stacked-cell">
              <span>{change.appName ?? t('sync.changes.unnamedApp')}</span>
              <span className="stacked-cell__secondary mono">
                {change.adamId}
                {change.pricingParam !== 'STDQ' && ` · ${change.pricingParam}`}
              </span>
            </th>
            <td className="numeric">{count(change.countBefore)}</td>
            <td className="numeric">{count(change.countAfter)}</td>
            <td className="numeric">{format.number(change.quantity)}</td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}
