import { useQueryClient } from '@tanstack/react-query';
import type { Application } from '@vpp/contracts/deployments';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { applicationPath, tokenPath } from '../../../app/paths.ts';
import { AppIcon } from '../../../components/app-icon.tsx';
import { DataTable } from '../../../components/data-table.tsx';
import { LicenseFigure } from '../../../components/license-figures.tsx';
import { useLocaleFormat } from '../../../lib/locale-format.ts';
import { isDeploymentInProgress } from '../../deployments/api/get-deployment.ts';
import { applicationQueryOptions } from '../api/get-application.ts';

export function ApplicationsTable({ applications }: { applications: Application[] }) {
  const { t } = useTranslation();
  const format = useLocaleFormat();
  const queryClient = useQueryClient();

  return (
    <DataTable
      className="applications-table"
      caption={t('applications.caption')}
      headings="applications.columns"
      columns={[
        'name',
        'token',
        ['available', 'numeric'],
        ['inUse', 'numeric hide-narrow'],
        'deployments',
        ['created', 'hide-narrow'],
      ]}
    >
      {applications.map((application) => {
        const app = application.storeApp;
        const active = application.deployments.filter(isDeploymentInProgress).length;
        const prefetch = () => queryClient.prefetchQuery(applicationQueryOptions(application.id));
        return (
          <tr key={application.id}>
            <th scope="row">
              <div className="app-cell">
                <AppIcon url={app.iconUrl} />
                <div className="app-cell__text">
                  <Link
                    to={applicationPath(application.id)}
                    className="app-cell__name"
                    onPointerEnter={prefetch}
                    onFocus={prefetch}
                  >
                    {application.name}
                  </Link>
                  <span className="stacked-cell__secondary">
                    {application.name === app.name
                      ? t('applications.adamId', { adamId: app.adamId })
                      : t('applications.fromApp', { app: app.name || app.adamId, adamId: app.adamId })}
                  </span>
                </div>
              </div>
            </th>
            <td className="stacked-cell">
              <Link to={tokenPath(app.token.id)}>{app.token.name}</Link>
              <span className="stacked-cell__secondary">{t(`tokens.types.${app.token.type}`)}</span>
            </td>
            <td className="numeric">
              <LicenseFigure app={app} figure="available" />
            </td>
            <td className="numeric hide-narrow">
              <LicenseFigure app={app} figure="inUse" />
            </td>
            <td className="stacked-cell">
              <span>{t('applications.deploymentCount', { count: application.deployments.length })}</span>
              {active > 0 && (
                <span className="stacked-cell__secondary">
                  {t('applications.inProgress', { count: active })}
                </span>
              )}
            </td>
            <td className="nowrap hide-narrow">
              <time dateTime={application.createdAt}>{format.date(application.createdAt)}</time>
            </td>
          </tr>
        );
      })}
    </DataTable>
  );
}
