import type { SyncRun } from '@vpp/contracts/tokens';
import { type ReactNode, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorMessage } from '../../../lib/error-messages.ts';
import { useLocaleFormat } from '../../../lib/locale-format.ts';
import { isSyncRunActive, useSyncRun } from '../api/get-sync-run.ts';
import { useSyncChangeSummary } from '../sync-change-summary.ts';
import { syncChangeCounters } from '../sync-changes.ts';
import { SyncRunStatusBadge } from './status-badges.tsx';

interface SyncProgressProps {
  runId: string;
  /** Called once when the run is seen finished, to refresh what the run changed. */
  onFinished: (run: SyncRun) => void;
}

/**
 * A sync run as it happens: asked for every second while queued or running, with the pages
 * fetched and the changes so far. Screen readers hear each step (queued, running, finished), not
 * every count.
 */
export function SyncProgress({ runId, onFinished }: SyncProgressProps) {
  const { t } = useTranslation();
  const format = useLocaleFormat();
  const describeError = useErrorMessage();
  const summarise = useSyncChangeSummary();
  const syncRun = useSyncRun(runId);
  const run = syncRun.data;
  const reported = useRef<string | undefined>(undefined);

  useEffect(() => {
    if (run && !isSyncRunActive(run) && reported.current !== run.id) {
      reported.current = run.id;
      onFinished(run);
    }
  }, [run, onFinished]);

  let announcement = '';
  let panel: ReactNode = null;
  if (!run) {
    if (syncRun.isError) panel = <p className="notice notice--error">{describeError(syncRun.error)}</p>;
  } else {
    const active = isSyncRunActive(run);
    const kind = t(`sync.kinds.${run.kind}`);
    if (run.status === 'QUEUED') announcement = t('sync.progress.queued', { kind });
    else if (run.status === 'RUNNING') announcement = t('sync.progress.running', { kind });
    else if (run.status === 'SUCCEEDED')
      announcement = t('sync.progress.succeeded', { summary: summarise(run.changes) });
    else announcement = t('sync.progress.failed', { error: run.error ?? t('sync.unknownError') });

    panel = (
      <div className={`sync-progress sync-progress--${run.status.toLowerCase()}`}>
        <div className="sync-progress__head">
          {active && <span className="loading__spinner" aria-hidden="true" />}
          <p className="sync-progress__title">
            {run.status === 'QUEUED'
              ? t('sync.progress.queuedTitle', { kind })
              : run.status === 'RUNNING'
                ? t('sync.progress.runningTitle', { kind })
                : run.status === 'SUCCEEDED'
                  ? t('sync.progress.finishedTitle', { kind })
                  : t('sync.progress.failedTitle', { kind })}
          </p>
          <SyncRunStatusBadge status={run.status} />
        </div>
        <dl className="sync-progress__counts">
          <div>
            <dt>{t('sync.pagesFetched')}</dt>
            <dd>{format.number(run.pagesFetched)}</dd>
          </div>
          {syncChangeCounters.map((counter) => (
            <div key={counter}>
              <dt>{t(`sync.counterLabels.${counter}`)}</dt>
              <dd>{format.number(run.changes[counter])}</dd>
            </div>
          ))}
        </dl>
        {!active && run.finishedAt && (
          <p className="sync-progress__meta">
            {t('sync.progress.finishedAt', { time: format.dateTime(run.finishedAt) })}
          </p>
        )}
        {run.error && <p className="sync-progress__error">{run.error}</p>}
      </div>
    );
  }

  return (
    <>
      {panel}
      {/* Stays in the page while runs come and go, so each step is announced. */}
      <div className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </div>
    </>
  );
}
