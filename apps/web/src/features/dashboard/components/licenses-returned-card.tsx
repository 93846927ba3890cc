import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { paths } from '../../../app/paths.ts';
import { LoadingState } from '../../../components/loading-state.tsx';
import { useErrorMessage } from '../../../lib/error-messages.ts';
import { formatNumber, useLocaleFormat } from '../../../lib/locale-format.ts';
import { useLicenseReturnSummary } from '../../license-returns/api/license-returns.ts';

/** How many licenses came back from devices that left in the last 30 days, and devices that could. */
export function LicensesReturnedCard() {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const format = useLocaleFormat();
  const summary = useLicenseReturnSummary();
  return (
    <section className="card" aria-labelledby="dashboard-licenses-returned">
      <div className="card__header">
        <h2 className="card__title" id="dashboard-licenses-returned">
          {t('licenseReturns.card.title')}
        </h2>
      </div>
      {summary.isPending ? (
        <LoadingState />
      ) : summary.isError ? (
        <p className="notice notice--error">{describeError(summary.error)}</p>
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
    </section>
  );
}
