import type { SyncRun } from '@vpp/contracts/tokens';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../../../components/data-table.tsx';
import { ListCard } from '../../../components/list-card.tsx';
import { useLocaleFormat } from '../../../lib/locale-format.ts';
import { isSyncRunActive } from '../api/get-sync-run.ts';
import { SYNC_RUNS_PAGE_SIZE, useSyncRuns } from '../api/get-sync-runs.ts';
import { useSyncChangeSummary } from '../sync-change-summary.ts';
import { nonZeroChanges } from '../sync-changes.ts';
import { SyncRunStatusBadge } from './status-badges.tsx';
import { SyncRunChanges } from './sync-run-changes.tsx';

const COLUMN_COUNT = 7;

function durationMs(run: SyncRun): number | undefined {
  if (!run.startedAt || !run.finishedAt) return undefined;
  return Math.max(0, Date.parse(run.finishedAt) - Date.parse(run.startedAt));
}

function SyncRunRows({ run }: { run: SyncRun }) {
  const { t } = useTranslation();
  const format = useLocaleFormat();
  const summarise = useSyncChangeSummary();
  const [expanded, setExpanded] = useState(false);
  const detailsId = `sync-run-${run.id}-changes`;
  const duration = durationMs(run);
  const startedAt = run.startedAt ?? run.queuedAt;
  const toggleLabel = expanded ? t('sync.hideChanges') : t('sync.showChanges');

  return (
    // One <tbody> per run keeps a run and its changes together (and striped as one).
    <tbody className="expandable">
      <tr>
        <td className="nowrap">
          <time dateTime={startedAt}>{format.dateTime(startedAt)}</time>
        </td>
        <td className="stacked-cell nowrap">
          <span>{t(`sync.kinds.${run.kind}`)}</span>
          <span className="stacked-cell__secondary">{t(`sync.triggers.${run.trigger}`)}</span>
        </td>
        <td>
          <SyncRunStatusBadge status={run.status} />
        </td>
        <td className="nowrap hide-narrow">
          {run.finishedAt ? (
            <span className="stacked-cell">
              <time dateTime={run.finishedAt}>{format.dateTime(run.finishedAt)}</time>
              {duration !== undefined && (
                <span className="stacked-cell__secondary">
                  {duration < 1000
                    ? t('sync.durationUnderSecond')
                    : t('sync.duration', { count: Math.round(duration / 1000) })}
                </span>
              )}
            </span>
          ) : (
            <span className="muted">{t('common.none')}</span>
          )}
        </td>
        <td className="numeric hide-narrow">{format.number(run.pagesFetched)}</td>
        <td className="sync-history__summary stacked-cell">
          {isSyncRunActive(run) ? (
            <span className="muted">{t('sync.inProgress')}</span>
          ) : run.error && nonZeroChanges(run.changes).length === 0 ? null : (
            // A failed run that changed nothing says only why it failed.
            <span>{summarise(run.changes)}</span>
          )}
          {run.error && <span className="sync-history__error">{run.error}</span>}
        </td>
        <td className="expandable__toggle">
          <button
            type="button"
            className="button button--ghost button--small disclosure"
            aria-expanded={expanded}
            aria-controls={detailsId}
            title={toggleLabel}
            onClick={() => setExpanded((open) => !open)}
          >
            <span className="disclosure__icon" aria-hidden="true" />
            <span className="visually-hidden">
              {toggleLabel}: {format.dateTime(startedAt)}
            </span>
          </button>
        </td>
      </tr>
      <tr id={detailsId} className="expandable__details" hidden={!expanded}>
        <td colSpan={COLUMN_COUNT}>{expanded && <SyncRunChanges runId={run.id} />}</td>
      </tr>
    </tbody>
  );
}

/** Every sync run of a token, newest first, each with what it changed. */
export function SyncHistory({ tokenId }: { tokenId: string }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const runs = useSyncRuns({ tokenId, page, pageSize: SYNC_RUNS_PAGE_SIZE });

  return (
    <ListCard
      id="sync-history-heading"
      title={t('sync.history')}
      results={(count) => t('sync.runs', { count })}
      list={runs}
      empty={t('sync.noRuns')}
      paging={{ page, pageSize: SYNC_RUNS_PAGE_SIZE, goToPage: setPage }}
    >
      {(items) => (
        <DataTable
          className="expandable-table"
          caption={t('sync.historyCaption')}
          headings="sync.columns"
          columns={[
            'started',
            'kind',
            'status',
            ['finished', 'hide-narrow'],
            ['pages', 'numeric hide-narrow'],
            'changes',
            ['details', 'expandable__toggle', 'visually-hidden'],
          ]}
          bodies
        >
          {items.map((run) => (
            <SyncRunRows key={run.id} run={run} />
          ))}
        </DataTable>
      )}
    </ListCard>
  );
}
