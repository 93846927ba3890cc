import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { paths } from '../../../app/paths.ts';
import { Card } from '../../../components/card.tsx';
import { LoadError } from '../../../components/load-error.tsx';
import { LoadingState } from '../../../components/loading-state.tsx';
import { formatNumber, useLocaleFormat } from '../../../lib/locale-format.ts';
import { useLicenseReturnSummary } from '../../license-returns/api/license-returns.ts';

/** How many licenses came back from devices that left in the last 30 days, and devices that could. */
export function LicensesReturnedCard() {
  const { t } = useTranslation();
  const format = useLocaleFormat();
  const summary = useLicenseReturnSummary();
  return (
    <Card id="dashboard-licenses-returned" title={t('licenseReturns.card.title')} busy={summary.isPending}>
      {summary.isPending ? (
        <LoadingState />
      ) : summary.isError ? (
        <LoadError className="card__body" error={summary.error} onRetry={() => summary.refetch()} />
      ) : (
        <div className="card__body stack">
          <p className="big-number" data-testid="licenses-returned-count">
            {formatNumber(summary.data.returnedLast30Days, format.locale)}
          </p>
          {summary.data.suggestions > 0 && (
            <p>{t('licenseReturns.card.suggestions', { count: summary.data.suggestions })}</p>
          )}
          <p>
            <Link to={paths.licenseReturns}>{t('licenseReturns.card.link')}</Link>
          </p>
        </div>
      )}
    </Card>
  );
}
