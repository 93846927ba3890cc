import type { DeploymentSummary } from '@vpp/contracts/deployments';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { deploymentPath } from '../../../app/paths.ts';
import { Card } from '../../../components/card.tsx';
import { DataTable } from '../../../components/data-table.tsx';
import { useLocaleFormat } from '../../../lib/locale-format.ts';
import {
  CountsInWords,
  DeploymentActionBadge,
  DeploymentProgressBar,
  DeploymentStatusBadge,
} from '../../deployments/index.ts';

interface ApplicationDeploymentsProps {
  deployments: DeploymentSummary[];
  /** Offered to admins: opens the deployment form. */
  onDeploy?: (() => void) | undefined;
}

/** An application's deployments, newest first, each with its targets per state. */
export function ApplicationDeployments({ deployments, onDeploy }: ApplicationDeploymentsProps) {
  const { t } = useTranslation();
  const format = useLocaleFormat();

  return (
    <Card
      id="application-deployments-heading"
      title={t('applications.deployments.title')}
      meta={t('applications.deploymentCount', { count: deployments.length })}
    >
      {deployments.length === 0 ? (
        <div className="empty-state">
          <p>{onDeploy ? t('applications.deployments.emptyAdmin') : t('applications.deployments.empty')}</p>
        </div>
      ) : (
        <DataTable
          className="deployments-table"
          caption={t('applications.deployments.caption')}
          headings="applications.deployments.columns"
          columns={[
            'collection',
            'action',
            ['purpose', 'hide-narrow'],
            'progress',
            ['status', 'hide-narrow'],
            ['created', 'hide-narrow'],
          ]}
        >
          {deployments.map((deployment) => (
            <tr key={deployment.id}>
              <th scope="row" className="stacked-cell">
                <Link to={deploymentPath(deployment.id)}>
                  {deployment.collectionName}
                  <span className="visually-hidden">
                    {' '}
                    ({t(`deployments.actions.${deployment.action}`)}, {format.dateTime(deployment.createdAt)})
                  </span>
                </Link>
                <span className="stacked-cell__secondary">
                  {t(`inventory.collectionTypes.${deployment.collectionType}`)}
                </span>
              </th>
              <td>
                <DeploymentActionBadge action={deployment.action} />
              </td>
              <td className="hide-narrow">{t(`deployments.purposes.${deployment.purpose}`)}</td>
              <td className="deployments-table__progress">
                <DeploymentProgressBar counts={deployment.counts} />
                <span className="stacked-cell__secondary">
                  <CountsInWords counts={deployment.counts} />
                </span>
              </td>
              <td className="hide-narrow">
                <DeploymentStatusBadge status={deployment.status} />
              </td>
              <td className="nowrap hide-narrow">
                <time dateTime={deployment.createdAt}>{format.dateTime(deployment.createdAt)}</time>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </Card>
  );
}
