import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { StatusMessage } from '../../../components/live-messages.tsx';
import { LoadError } from '../../../components/load-error.tsx';
import { LoadingState } from '../../../components/loading-state.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { useLocaleFormat } from '../../../lib/locale-format.ts';
import { useSignedInUser } from '../../auth/signed-in-user.ts';
import { useApnsCertificate } from '../api/get-apns-certificate.ts';
import { ApnsCertificateDetails } from './apns-certificate-details.tsx';
import { ApnsUploadForm } from './apns-upload-form.tsx';

/** The MDM push certificate every deployment needs: what is uploaded, and (for admins) the upload. */
export function ApnsCertificatePage() {
  const { t } = useTranslation();
  const format = useLocaleFormat();
  const user = useSignedInUser();
  const certificate = useApnsCertificate();
  const [status, setStatus] = useState<string>();

  return (
    <>
      <PageHeader title={t('apns.title')} intro={t('apns.intro')} />
      <StatusMessage>{status}</StatusMessage>
      <div className="card-grid">
        <section className="card" aria-labelledby="apns-current-heading">
          <h2 className="card__title" id="apns-current-heading">
            {t('apns.current')}
          </h2>
          {certificate.isPending ? (
            <LoadingState />
          ) : certificate.isError ? (
            <LoadError
              error={certificate.error}
              onRetry={() => certificate.refetch()}
              className="stack"
              alert="frame"
            />
          ) : certificate.data === null ? (
            <p className="notice notice--warning">{t('apns.none')}</p>
          ) : (
            <ApnsCertificateDetails certificate={certificate.data} />
          )}
        </section>
        <section className="card" aria-labelledby="apns-upload-heading">
          <h2 className="card__title" id="apns-upload-heading">
            {certificate.data ? t('apns.upload.replaceTitle') : t('apns.upload.title')}
          </h2>
          {user.role === 'admin' ? (
            <>
              <p className="card__intro">{t('apns.upload.intro')}</p>
              <ApnsUploadForm
                onUploaded={(uploaded) =>
                  setStatus(t('apns.upload.uploadedMessage', { date: format.date(uploaded.expiresAt) }))
                }
              />
            </>
          ) : (
            <p className="muted">{t('apns.upload.adminsOnly')}</p>
          )}
        </section>
      </div>
    </>
  );
}
