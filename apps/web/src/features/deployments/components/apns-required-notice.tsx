import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { paths } from '../../../app/paths.ts';

/**
 * Why a deployment cannot be created without a valid APNs certificate, with the way to upload one.
 * `expired` tells an expired certificate from a missing one.
 */
export function ApnsRequiredNotice({ expired = false }: { expired?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="notice notice--warning apns-required">
      <p className="apns-required__title">
        {expired ? t('deployments.apns.expiredTitle') : t('deployments.apns.missingTitle')}
      </p>
      <p>{t('deployments.apns.why')}</p>
      <Link to={paths.apnsCertificate}>{t('deployments.apns.link')}</Link>
    </div>
  );
}
