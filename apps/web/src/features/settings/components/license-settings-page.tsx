import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { paths } from '../../../app/paths.ts';
import { PageHeader } from '../../../components/page-header.tsx';
import { SettingsCard } from '../../../components/settings-card.tsx';
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

  return (
    <>
      <PageHeader title={t('settings.licenses.title')} intro={t('settings.licenses.intro')} />
      <SettingsCard
        id="license-settings-heading"
        title={t('settings.licenses.lowLicenses')}
        setting={useSettings()}
        footer={
          <p className="settings-card__link">
            <Link to={paths.home}>{t('settings.licenses.seeDashboard')}</Link>
          </p>
        }
      >
        {(settings) =>
          user.role === 'admin' ? (
            <LowLicenseThresholdForm thresholdPercent={settings.lowLicenseThresholdPercent} />
          ) : (
            <div className="stack">
              <dl className="facts">
                <div className="facts__item">
                  <dt>{t('settings.licenses.threshold')}</dt>
                  <dd>{formatPercent(settings.lowLicenseThresholdPercent, format.locale)}</dd>
                </div>
              </dl>
              <p className="muted">{t('settings.licenses.thresholdHint')}</p>
              <p className="muted">{t('settings.licenses.readOnly')}</p>
            </div>
          )
        }
      </SettingsCard>
      <CheckOutLicensesCard canChange={user.role === 'admin'} />
    </>
  );
}
