import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { tokenPath } from '../../../app/paths.ts';
import { useLocaleFormat } from '../../../lib/locale-format.ts';
import { useSyncHealth } from '../api/get-sync-health.ts';

/**
 * Recommends a manual sync, on every page, for tokens whose data is stale or older than what Apple
 * remembers (a restored database), with a link to each of them.
 */
export function SyncHealthBanner() {
  const { t } = useTranslation();
  const format = useLocaleFormat();
  const health = useSyncHealth();
  const data = health.data;
  const show = data?.recommendManualSync === true && data.tokens.length > 0;

  return (
    // The region stays in the page, so the banner is announced when it appears.
    <div className="live-region" aria-live="polite">
      {show && (
        <section className="banner" aria-labelledby="sync-health-title">
          <h2 className="banner__title" id="sync-health-title">
            {t('syncHealth.title')}
          </h2>
          <p>{t('syncHealth.intro')}</p>
          <ul className="banner__list">
            {data.tokens.map((token) => (
              <li key={token.tokenId}>
                <Link to={tokenPath(token.tokenId)}>{token.tokenName}</Link>
                {': '}
                {token.reason === 'RESTORED'
                  ? token.since
                    ? t('syncHealth.restoredSince', { time: format.dateTime(token.since) })
                    : t('syncHealth.restored')
                  : token.since
                    ? t('syncHealth.staleSince', {
                        time: format.dateTime(token.since),
                        count: data.staleAfterHours,
                      })
                    : t('syncHealth.neverSynced', { count: data.staleAfterHours })}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
