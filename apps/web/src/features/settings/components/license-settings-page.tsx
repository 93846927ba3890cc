import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { paths } from '../../../app/paths.ts';
import { LoadError } from '../../../components/load-error.tsx';
import { LoadingState } from '../../../components/loading-state.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { formatPercent, useLocaleFormat } from '../../../lib/locale-format.ts';
import { useSignedInUser } from '../../auth/signed-in-user.ts';
import { useSettings } from '../api/get-settings.ts';
import { CheckOutLicensesCard } from './check-out-licenses-form.tsx';
import { LowLicenseThresholdForm } from './low-license-threshold-form.tsx';

/** License settings: admins change the low-license threshold, managers read it. */
export function LicenseSettingsPage() {
  const { t } = useTranslation();
  const format = useLocaleFormat();
  const user = useSignedInUser();
  const settings = useSettings();

  return (
    <>
      <PageHeader title={t('settings.licenses.title')} intro={t('settings.licenses.intro')} />
      <section className="card settings-card" aria-labelledby="license-settings-heading">
        <h2 className="card__title" id="license-settings-heading">
          {t('settings.licenses.lowLicenses')}
        </h2>
        {settings.isPending ? (
          <LoadingState />
        ) : settings.isError ? (
          <LoadError
            error={settings.error}
            onRetry={() => settings.refetch()}
            className="stack"
            alert="frame"
          />
        ) : user.role === 'admin' ? (
          <LowLicenseThresholdForm thresholdPercent={settings.data.lowLicenseThresholdPercent} />
        ) : (
          <div className="stack">
            <dl className="facts">
              <div className="facts__item">
                <dt>{t('settings.licenses.threshold')}</dt>
                <dd>{formatPercent(settings.data.lowLicenseThresholdPercent, format.locale)}</dd>
              </div>
            </dl>
            <p className="muted">{t('settings.licenses.thresholdHint')}</p>
            <p className="muted">{t('settings.licenses.readOnly')}</p>
          </div>
        )}
        <p className="settings-card__link">
          <Link to={paths.home}>{t('settings.licenses.seeDashboard')}</Link>
        </p>
      </section>
      <CheckOutLicensesCard canChange={user.role === 'admin'} />
    </>
  );
}
