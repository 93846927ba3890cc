import type { ApnsCertificate } from '@vpp/contracts/apns';
import { useTranslation } from 'react-i18next';
import { DetailsItem, DetailsList } from '../../../components/details-list.tsx';
import { useLocaleFormat } from '../../../lib/locale-format.ts';
import { ApnsStatusBadge } from './apns-status-badge.tsx';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The uploaded certificate: what Node's X.509 reading found in it, and how long it stays valid. */
export function ApnsCertificateDetails({ certificate }: { certificate: ApnsCertificate }) {
  const { t } = useTranslation();
  const format = useLocaleFormat();
  const daysLeft = Math.ceil((Date.parse(certificate.expiresAt) - Date.now()) / DAY_MS);
  const reason =
    certificate.status === 'EXPIRED'
      ? t('apns.reasons.EXPIRED')
      : certificate.status === 'EXPIRING'
        ? t('apns.reasons.EXPIRING', { count: Math.max(daysLeft, 0) })
        : t('apns.reasons.VALID', { count: Math.max(daysLeft, 0) });

  return (
    <DetailsList>
      <DetailsItem term={t('apns.fields.status')}>
        <span className="stacked-cell">
          <span>
            <ApnsStatusBadge status={certificate.status} />
          </span>
          <span className="stacked-cell__secondary">{reason}</span>
        </span>
      </DetailsItem>
      <DetailsItem term={t('apns.fields.topic')}>
        <span className="mono break-anywhere">{certificate.topic}</span>
      </DetailsItem>
      <DetailsItem term={t('apns.fields.subject')}>
        <span className="break-anywhere">{certificate.subject}</span>
      </DetailsItem>
      <DetailsItem term={t('apns.fields.serialNumber')}>
        <span className="mono break-anywhere">{certificate.serialNumber}</span>
      </DetailsItem>
      <DetailsItem term={t('apns.fields.validFrom')}>
        <time dateTime={certificate.notBefore}>{format.dateTime(certificate.notBefore)}</time>
      </DetailsItem>
      <DetailsItem term={t('apns.fields.expires')}>
        <time dateTime={certificate.expiresAt}>{format.dateTime(certificate.expiresAt)}</time>
      </DetailsItem>
      <DetailsItem term={t('apns.fields.uploaded')}>
        <time dateTime={certificate.uploadedAt}>{format.dateTime(certificate.uploadedAt)}</time>
      </DetailsItem>
    </DetailsList>
  );
}
