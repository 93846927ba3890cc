import type { Dashboard } from '@vpp/contracts/reports';
import { syncKindSchema, syncStatusSchema } from '@vpp/contracts/tokens';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { tokenPath } from '../../../app/paths.ts';
import { Card } from '../../../components/card.tsx';
import { DataTable } from '../../../components/data-table.tsx';
import { useLocaleFormat } from '../../../lib/locale-format.ts';
import { SyncRunStatusBadge } from '../../tokens/index.ts';

type RecentSyncRun = Dashboard['recentSyncRuns'][number];

function RunKind({ kind }: { kind: string }) {
  const { t } = useTranslation();
  const known = syncKindSchema.safeParse(kind);
  return <>{known.success ? t(`sync.kinds.${known.data}`) : kind}</>;
}

function RunStatus({ status }: { status: string }) {
  const known = syncStatusSchema.safeParse(status);
  return known.success ? <SyncRunStatusBadge status={known.data} /> : <span>{status}</span>;
}

/** The latest sync runs of every token, newest first, each with its result. */
export function RecentSyncsCard({ runs }: { runs: RecentSyncRun[] }) {
  const { t } = useTranslation();
  const format = useLocaleFormat();

  return (
    <Card id="dashboard-syncs" title={t('dashboard.syncs.title')}>
      {runs.length === 0 ? (
        <p className="empty-state">{t('dashboard.syncs.none')}</p>
      ) : (
        <DataTable
          caption={t('dashboard.syncs.caption')}
          columns={[t('dashboard.syncs.columns.token'), t('dashboard.syncs.columns.status')]}
        >
          {runs.map((run) => (
            <tr key={run.id}>
              <th scope="row" className="stacked-cell">
                <Link to={tokenPath(run.tokenId)}>{run.tokenName}</Link>
                <span className="stacked-cell__secondary">
                  <RunKind kind={run.kind} />
                </span>
              </th>
              <td className="stacked-cell">
                <span>
                  <RunStatus status={run.status} />
                </span>
                <span className="stacked-cell__secondary">
                  {run.finishedAt ? (
                    <time dateTime={run.finishedAt}>{format.dateTime(run.finishedAt)}</time>
                  ) : (
                    t('dashboard.syncs.notFinished')
                  )}
                </span>
                {run.error && <span className="stacked-cell__secondary">{run.error}</span>}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </Card>
  );
}
