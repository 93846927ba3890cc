import type { Deployment } from '@vpp/contracts/deployments';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { deploymentPath, devicePath, personPath } from '../../../app/paths.ts';
import { DataTable } from '../../../components/data-table.tsx';
import { TargetFailure, TargetStateBadge } from '../../../components/deployment-badges.tsx';
import { StackedTime } from '../../../components/stacked-time.tsx';

type Target = Deployment['targets'][number];

/**
 * Why a target is where it is: the uninstall deployment that removed its app, or why it failed, in
 * the reader's language when the API named the reason with a known code.
 */
function FailureReason({ target }: { target: Target }) {
  const { t } = useTranslation();
  if (target.state === 'REMOVED' && target.removedBy) {
    return (
      <span className="target-removed-by">
        {t('deployments.targets.removedBy')}{' '}
        <Link to={deploymentPath(target.removedBy.deploymentId)}>
          {t('deployments.targets.removedByLink', { collection: target.removedBy.collectionName })}
        </Link>
      </span>
    );
  }
  return <TargetFailure state={target.state} errorCode={target.errorCode} error={target.error} />;
}

/** The device or person a target stands for, linked to their page. */
function TargetLink({ target }: { target: Target }) {
  const to = target.deviceId
    ? devicePath(target.deviceId)
    : target.personId
      ? personPath(target.personId)
      : null;
  return to ? (
    <Link className="mono" to={to}>
      {target.target}
    </Link>
  ) : (
    <span className="mono">{target.target}</span>
  );
}

/** A page of a deployment's targets: who, which license, in which state, and why one failed. */
export function DeploymentTargetsTable({ targets }: { targets: Target[] }) {
  const { t } = useTranslation();
  return (
    <DataTable
      className="targets-table"
      caption={t('deployments.targets.caption')}
      headings="deployments.targets.columns"
      columns={['target', ['license', 'hide-narrow'], 'state', 'reason', ['updated', 'hide-narrow']]}
    >
      {targets.map((target) => (
        <tr key={target.id}>
          <th scope="row" className="stacked-cell">
            <TargetLink target={target} />
            {target.assignee && target.assignee !== target.target && (
              <span className="stacked-cell__secondary">
                {t('deployments.targets.assignee', { assignee: target.assignee })}
              </span>
            )}
          </th>
          <td className="hide-narrow">{t(`deployments.licenseTypes.${target.licenseType}`)}</td>
          <td>
            <TargetStateBadge status={target.state} />
          </td>
          <td className="targets-table__reason">
            <FailureReason target={target} />
          </td>
          <td className="nowrap hide-narrow">
            <StackedTime value={target.updatedAt} />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
