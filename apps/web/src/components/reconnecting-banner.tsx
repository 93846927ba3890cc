import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { databaseOutage } from '../lib/api-client.ts';

/**
 * While the API answers 503 DATABASE_UNAVAILABLE: a calm "Reconnecting…" note at the top of every
 * page (signed in or not). Pages keep what they show and their queries keep retrying; this asks
 * /readyz every Retry-After seconds too, so the console carries on by itself once the database is back.
 */
export function ReconnectingBanner() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const waiting = useSyncExternalStore(databaseOutage.subscribe, databaseOutage.isWaiting);

  useEffect(() => {
    if (!waiting) return;
    const timer = window.setInterval(async () => {
      try {
        const response = await fetch('/readyz', { headers: { Accept: 'application/json' } });
        if (!response.ok) return;
        databaseOutage.noteSuccess();
        await queryClient.invalidateQueries();
      } catch {
        // Still away (or the server itself): the next tick asks again.
      }
    }, databaseOutage.retryAfterSeconds() * 1000);
    return () => window.clearInterval(timer);
  }, [waiting, queryClient]);

  return (
    <div className="live-region reconnecting" aria-live="polite">
      {waiting && (
        <p className="reconnecting__banner" role="status">
          <span className="reconnecting__spinner" aria-hidden="true" />
          <strong>{t('reconnecting.title')}</strong> {t('reconnecting.detail')}
        </p>
      )}
    </div>
  );
}
