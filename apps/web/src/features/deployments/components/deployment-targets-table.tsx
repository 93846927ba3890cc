import type { Deployment } from '@vpp/contracts/deployments';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { deploymentPath } from '../../../app/paths.ts';
import { DataTable } from '../../../components/data-table.tsx';
import { StackedTime } from '../../../components/stacked-time.tsx';
import { TargetStateBadge } from './target-state-badge.tsx';

type Target = Deployment['targets'][number];

const KNOWN_CODES = [
  'NO_PRIMARY_USER',
  'NO_LICENSE_AVAILABLE',
  'PLATFORM_NOT_SUPPORTED',
  'NO_DEVICE',
] as const;
type KnownCode = (typeof KNOWN_CODES)[number];
const isKnownCode = (code: string | null): code is KnownCode => KNOWN_CODES.includes(code as KnownCode);

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
  if (!target.error && !target.errorCode) return <span className="muted">{t('common.none')}</span>;
  if (isKnownCode(target.errorCode)) {
    return (
      <span className={target.state === 'FAILED' ? 'target-error' : undefined}>
        {t(`deployments.failureCodes.${target.errorCode}`)}
      </span>
    );
  }
  return (
    <span className="target-error">
      {target.error}
      {target.errorCode && <code className="target-error__code">{target.errorCode}</code>}
    </span>
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
            <span className="mono">{target.target}</span>
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
