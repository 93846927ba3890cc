import type { UseQueryResult } from '@tanstack/react-query';
import type { Holdings } from '@vpp/contracts/holdings';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { applicationPath, collectionPath, deploymentPath, tokenPath } from '../../../app/paths.ts';
import { AppIcon } from '../../../components/app-icon.tsx';
import { Card } from '../../../components/card.tsx';
import { DataTable } from '../../../components/data-table.tsx';
import {
  DeploymentActionBadge,
  DeploymentStatusBadge,
  TargetFailure,
  TargetStateBadge,
} from '../../../components/deployment-badges.tsx';
import { LoadError } from '../../../components/load-error.tsx';
import { StackedTime } from '../../../components/stacked-time.tsx';

/** The collections a device or person is in, linked; "none" when none. */
export function CollectionLinks({ collections }: { collections: { id: string; name: string }[] }) {
  const { t } = useTranslation();
  if (collections.length === 0) return <span className="muted">{t('common.none')}</span>;
  return (
    <ul className="inline-list">
      {collections.map((collection) => (
        <li key={collection.id}>
          <Link to={collectionPath(collection.id)}>{collection.name}</Link>
        </li>
      ))}
    </ul>
  );
}

function LicensesTable({ licenses }: { licenses: Holdings['licenses'] }) {
  const { t } = useTranslation();
  return (
    <DataTable
      caption={t('inventory.holdings.licensesTitle')}
      headings="inventory.holdings.licenseColumns"
      columns={['app', ['token', 'hide-narrow'], 'license', ['since', 'hide-narrow']]}
    >
      {licenses.map((license) => (
        <tr key={`${license.storeAppId}`}>
          <th scope="row">
            <span className="app-cell">
              <AppIcon url={license.iconUrl} />
              <span className="app-cell__text">
                <span className="app-cell__name">{license.name}</span>
                <span className="stacked-cell__secondary mono">
                  {license.adamId} · {license.pricingParam}
                </span>
              </span>
            </span>
          </th>
          <td className="hide-narrow">
            <Link to={tokenPath(license.tokenId)}>{license.tokenName}</Link>
          </td>
          <td>{t(`deployments.licenseTypes.${license.licenseType}`)}</td>
          <td className="nowrap hide-narrow">
            <StackedTime value={license.since} />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

function TargetsTable({ targets }: { targets: Holdings['targets'] }) {
  const { t } = useTranslation();
  return (
    <DataTable
      className="targets-table"
      caption={t('inventory.holdings.targetsTitle')}
      headings="inventory.holdings.targetColumns"
      columns={['application', ['deployment', 'hide-narrow'], 'state', 'reason', ['updated', 'hide-narrow']]}
    >
      {targets.map((target) => (
        <tr key={target.targetId}>
          <th scope="row" className="stacked-cell">
            <Link to={applicationPath(target.applicationId)}>{target.applicationName}</Link>
            <span className="stacked-cell__secondary">
              <DeploymentActionBadge action={target.action} />
            </span>
          </th>
          <td className="stacked-cell hide-narrow">
            <Link to={deploymentPath(target.deploymentId)}>{target.collectionName}</Link>
            <span className="stacked-cell__secondary">
              <DeploymentStatusBadge status={target.deploymentStatus} />
            </span>
          </td>
          <td>
            <TargetStateBadge status={target.state} />
          </td>
          <td className="targets-table__reason">
            {target.state === 'REMOVED' && target.removedByDeploymentId ? (
              <Link to={deploymentPath(target.removedByDeploymentId)}>
                {t('inventory.holdings.removedByDeployment')}
              </Link>
            ) : (
              <TargetFailure state={target.state} errorCode={target.errorCode} error={target.error} />
            )}
          </td>
          <td className="nowrap hide-narrow">
            <StackedTime value={target.updatedAt} />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

/** The licenses Apple holds for a device or person, and the deployments that targeted them. */
export function HoldingsCards({
  holdings,
  owner,
}: {
  holdings: UseQueryResult<Holdings>;
  owner: 'device' | 'person';
}) {
  const { t } = useTranslation();
  const data = holdings.data;
  return (
    <>
      <Card
        id="held-licenses-heading"
        title={t('inventory.holdings.licensesTitle')}
        meta={data && t('inventory.holdings.licenseCount', { count: data.licenses.length })}
        busy={holdings.isFetching}
      >
        {holdings.isError ? (
          <LoadError className="card__body" error={holdings.error} onRetry={() => holdings.refetch()} />
        ) : data && data.licenses.length === 0 ? (
          <p className="empty-state">{t(`inventory.holdings.noLicenses.${owner}`)}</p>
        ) : (
          data && <LicensesTable licenses={data.licenses} />
        )}
      </Card>
      <Card id="held-targets-heading" title={t('inventory.holdings.targetsTitle')} busy={holdings.isFetching}>
        {holdings.isError ? (
          <LoadError className="card__body" error={holdings.error} onRetry={() => holdings.refetch()} />
        ) : data && data.targets.length === 0 ? (
          <p className="empty-state">{t(`inventory.holdings.noTargets.${owner}`)}</p>
        ) : (
          data && <TargetsTable targets={data.targets} />
        )}
      </Card>
    </>
  );
}
