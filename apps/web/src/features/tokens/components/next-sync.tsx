import type { Token } from '@vpp/contracts/tokens';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/badge.tsx';
import { StackedTime } from '../../../components/stacked-time.tsx';
import { useLocaleFormat } from '../../../lib/locale-format.ts';

interface NextSyncProps {
  token: Token;
  /** In a table column: date and time on two lines. */
  compact?: boolean;
}

/** When the token syncs next: now (a run is queued or running), after a backoff, or on schedule. */
export function NextSync({ token, compact = false }: NextSyncProps) {
  const { t } = useTranslation();
  const format = useLocaleFormat();
  if (token.activeSyncRun) {
    return <Badge tone="info">{t(`sync.status.${token.activeSyncRun.status}`)}</Badge>;
  }
  if (token.backoffUntil && Date.parse(token.backoffUntil) > Date.now()) {
    return (
      <span className="stacked-cell">
        <span>{t('tokens.backingOff')}</span>
        <time className="stacked-cell__secondary" dateTime={token.backoffUntil}>
          {t('tokens.until', { time: format.dateTime(token.backoffUntil) })}
        </time>
      </span>
    );
  }
  if (!token.nextSyncAt) return <span className="muted">{t('common.none')}</span>;
  if (compact) return <StackedTime value={token.nextSyncAt} />;
  return <time dateTime={token.nextSyncAt}>{format.dateTime(token.nextSyncAt)}</time>;
}
