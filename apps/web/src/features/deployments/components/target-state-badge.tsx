import type { DeploymentSummary, TargetState } from '@vpp/contracts/deployments';
import { useTranslation } from 'react-i18next';
import { Badge, type BadgeTone } from '../../../components/badge.tsx';

export const targetStateTones: Record<TargetState, BadgeTone> = {
  PENDING: 'neutral',
  LICENSED: 'info',
  INSTALLED: 'success',
  REMOVED: 'info',
  LICENSE_RELEASED: 'success',
  FAILED: 'danger',
};

export function TargetStateBadge({ state }: { state: TargetState }) {
  const { t } = useTranslation();
  return <Badge tone={targetStateTones[state]}>{t(`deployments.states.${state}`)}</Badge>;
}

const deploymentStatusTones: Record<DeploymentSummary['status'], BadgeTone> = {
  ACTIVE: 'info',
  FINISHED: 'success',
  STOPPED: 'neutral',
};

export function DeploymentStatusBadge({ status }: { status: DeploymentSummary['status'] }) {
  const { t } = useTranslation();
  return <Badge tone={deploymentStatusTones[status]}>{t(`deployments.status.${status}`)}</Badge>;
}

export function DeploymentActionBadge({ action }: { action: DeploymentSummary['action'] }) {
  const { t } = useTranslation();
  return (
    <Badge tone={action === 'INSTALL' ? 'success' : 'warning'}>{t(`deployments.actions.${action}`)}</Badge>
  );
}
