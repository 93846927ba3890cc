import type { StoreApp } from '@vpp/contracts/store-apps';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { tokenPath } from '../../../app/paths.ts';
import { DetailsItem, DetailsList } from '../../../components/details-list.tsx';
import { LicenseFigure } from '../../../components/license-figures.tsx';

/** The store-app license row an application is bound to: its token and its license counts. */
export function StoreAppLicensesCard({ app }: { app: StoreApp }) {
  const { t } = useTranslation();
  const figures = [
    { key: 'total', label: t('storeApps.columns.total') },
    { key: 'inUse', label: t('storeApps.columns.inUse') },
    { key: 'available', label: t('storeApps.columns.available') },
    { key: 'reserved', label: t('applications.reserved') },
    { key: 'retired', label: t('storeApps.columns.retired') },
  ] as const;

  return (
    <section className="card" aria-labelledby="application-licenses-heading">
      <h2 className="card__title" id="application-licenses-heading">
        {t('applications.licenses.title')}
      </h2>
      <dl className="figures" aria-label={t('applications.licenses.counts')}>
        {figures.map((figure) => (
          <div key={figure.key} className={`figures__item figures__item--${figure.key}`}>
            <dt>{figure.label}</dt>
            <dd>
              <LicenseFigure app={app} figure={figure.key} />
            </dd>
          </div>
        ))}
      </dl>
      <DetailsList>
        <DetailsItem term={t('storeApps.columns.app')}>{app.name || app.adamId}</DetailsItem>
        <DetailsItem term={t('storeApps.columns.adamId')}>
          <span className="mono">{app.adamId}</span>
        </DetailsItem>
        <DetailsItem term={t('storeApps.columns.token')}>
          <Link to={tokenPath(app.token.id)}>{app.token.name}</Link>
        </DetailsItem>
        <DetailsItem term={t('applications.licenses.tokenType')}>
          {t(`tokens.types.${app.token.type}`)}
        </DetailsItem>
        <DetailsItem term={t('storeApps.columns.deviceLicensing')}>
          {app.deviceAssignable
            ? t('storeApps.deviceLicensing.yesLong')
            : t('storeApps.deviceLicensing.noLong')}
        </DetailsItem>
        <DetailsItem term={t('storeApps.columns.platforms')}>
          {app.platforms.length > 0 ? (
            app.platforms.join(', ')
          ) : (
            <span className="muted">{t('common.none')}</span>
          )}
        </DetailsItem>
        <DetailsItem term={t('applications.licenses.productType')}>
          {t(`storeApps.productTypes.${app.productType}`)}
        </DetailsItem>
      </DetailsList>
    </section>
  );
}
