import type { SyncRun, Token } from '@vpp/contracts/tokens';
import { useTranslation } from 'react-i18next';
import { DetailsItem, DetailsList } from '../../../components/details-list.tsx';
import { useLocaleFormat } from '../../../lib/locale-format.ts';
import { NextSync } from './next-sync.tsx';
import { SyncProgress } from './sync-progress.tsx';

interface TokenSyncCardProps {
  token: Token;
  /** The run shown with live progress: one that is running, or the last one started here. */
  runId: string | undefined;
  onRunFinished: (run: SyncRun) => void;
}

/** When the token synced and syncs next, with the live progress of the current run. */
export function TokenSyncCard({ token, runId, onRunFinished }: TokenSyncCardProps) {
  const { t } = useTranslation();
  const format = useLocaleFormat();
  const never = <span className="muted">{t('tokens.never')}</span>;
  const time = (value: string | null) =>
    value ? <time dateTime={value}>{format.dateTime(value)}</time> : never;

  return (
    <section className="card" aria-labelledby="token-sync-heading">
      <h2 className="card__title" id="token-sync-heading">
        {t('sync.title')}
      </h2>
      <div className="sync-card">
        {runId && <SyncProgress runId={runId} onFinished={onRunFinished} />}
        <DetailsList>
          <DetailsItem term={t('tokens.details.lastSynced')}>{time(token.lastSyncedAt)}</DetailsItem>
          <DetailsItem term={t('tokens.details.lastSuccessfulSync')}>
            {time(token.lastSuccessfulSyncAt)}
          </DetailsItem>
          <DetailsItem term={t('tokens.details.lastFullSync')}>{time(token.lastFullSyncAt)}</DetailsItem>
          <DetailsItem term={t('tokens.details.nextSync')}>
            <NextSync token={token} />
          </DetailsItem>
          <DetailsItem term={t('tokens.details.backoffUntil')}>
            {token.backoffUntil ? (
              time(token.backoffUntil)
            ) : (
              <span className="muted">{t('common.none')}</span>
            )}
          </DetailsItem>
          {token.restoreSuspectedAt && (
            <DetailsItem term={t('tokens.details.restoreSuspected')}>
              {time(token.restoreSuspectedAt)}
            </DetailsItem>
          )}
        </DetailsList>
      </div>
    </section>
  );
}
