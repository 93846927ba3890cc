import type { StoreApp } from '@vpp/contracts/store-apps';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { tokenPath } from '../../../app/paths.ts';
import { AppIcon } from '../../../components/app-icon.tsx';
import { Badge } from '../../../components/badge.tsx';
import { Button } from '../../../components/button.tsx';
import { LicenseFigure } from '../../../components/license-figures.tsx';
import type { StoreAppSort } from '../api/get-store-apps.ts';
import { SortableHeader } from './sortable-header.tsx';

interface StoreAppsTableProps {
  apps: StoreApp[];
  sort: StoreAppSort;
  onSort: (sort: StoreAppSort) => void;
  /** Offered to admins: make an application from the row. */
  onCreateApplication?: ((app: StoreApp) => void) | undefined;
}

/** "License information for Store Apps": one row per app per token, so one app can have two rows. */
export function StoreAppsTable({ apps, sort, onSort, onCreateApplication }: StoreAppsTableProps) {
  const { t } = useTranslation();
  const header = (column: Parameters<typeof SortableHeader>[0]['column'], label: string, className = '') => (
    <SortableHeader
      column={column}
      sort={sort}
      onSort={onSort}
      className={`store-apps-table__heading ${className}`.trim()}
    >
      {label}
    </SortableHeader>
  );

  return (
    <div className="table-wrap">
      <table className="table store-apps-table">
        <caption className="visually-hidden">{t('storeApps.caption')}</caption>
        <thead>
          <tr>
            {header('name', t('storeApps.columns.app'))}
            {header('adamId', t('storeApps.columns.adamId'), 'hide-narrow')}
            {header('token', t('storeApps.columns.token'))}
            {header('total', t('storeApps.columns.total'), 'numeric')}
            {header('inUse', t('storeApps.columns.inUse'), 'numeric')}
            {header('available', t('storeApps.columns.available'), 'numeric')}
            <th scope="col" className="store-apps-table__heading numeric hide-narrow">
              {t('storeApps.columns.retired')}
            </th>
            <th scope="col" className="store-apps-table__heading">
              {t('storeApps.columns.deviceLicensing')}
            </th>
            {onCreateApplication && (
              <th scope="col" className="table__actions">
                <span className="visually-hidden">{t('common.actions')}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {apps.map((app) => (
            <tr key={app.id}>
              <th scope="row" className="store-apps-table__app">
                <div className="app-cell">
                  <AppIcon url={app.iconUrl} />
                  <div className="app-cell__text">
                    <span className="app-cell__name">
                      {app.name || t('storeApps.unnamed', { adamId: app.adamId })}
                    </span>
                    <ul className="chips app-cell__chips" aria-label={t('storeApps.columns.platforms')}>
                      {app.platforms.map((platform) => (
                        <li key={platform} className="chip">
                          {platform}
                        </li>
                      ))}
                      {app.productType === 'BOOK' && (
                        <li className="chip">{t('storeApps.productTypes.BOOK')}</li>
                      )}
                    </ul>
                    {app.applicationCount > 0 && (
                      <span className="stacked-cell__secondary">
                        {t('storeApps.applicationCount', { count: app.applicationCount })}
                      </span>
                    )}
                  </div>
                </div>
              </th>
              <td className="mono hide-narrow">{app.adamId}</td>
              <td className="stacked-cell store-apps-table__token">
                <Link to={tokenPath(app.token.id)}>{app.token.name}</Link>
                <span className="stacked-cell__secondary">{t(`tokens.types.${app.token.type}`)}</span>
              </td>
              <td className="numeric">
                <LicenseFigure app={app} figure="total" />
              </td>
              <td className="numeric">
                <LicenseFigure app={app} figure="inUse" />
              </td>
              <td
                className={
                  !app.unlimited && app.availableCount === 0
                    ? 'numeric store-apps-table__none-left'
                    : 'numeric'
                }
              >
                <LicenseFigure app={app} figure="available" />
              </td>
              <td className="numeric hide-narrow">
                <LicenseFigure app={app} figure="retired" />
              </td>
              <td>
                <Badge tone={app.deviceAssignable ? 'info' : 'neutral'}>
                  {app.deviceAssignable
                    ? t('storeApps.deviceLicensing.yes')
                    : t('storeApps.deviceLicensing.no')}
                </Badge>
              </td>
              {onCreateApplication && (
                <td className="table__actions">
                  <Button variant="secondary" small onClick={() => onCreateApplication(app)}>
                    {t('storeApps.createApplication')}
                    <span className="visually-hidden">
                      {' '}
                      {t('storeApps.rowContext', { app: app.name || app.adamId, token: app.token.name })}
                    </span>
                  </Button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
