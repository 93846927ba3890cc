import type { DeploymentSummary, TargetState } from '@vpp/contracts/deployments';
import { useTranslation } from 'react-i18next';
import { Badge, type BadgeTone, StatusBadge } from '../../../components/badge.tsx';

export const targetStateTones: Record<TargetState, BadgeTone> = {
  PENDING: 'neutral',
  LICENSED: 'info',
  INSTALLED: 'success',
  REMOVED: 'info',
  LICENSE_RELEASED: 'success',
  FAILED: 'danger',
};

export function TargetStateBadge({ status }: { status: TargetState }) {
  return <StatusBadge status={status} texts="deployments.states" tones={targetStateTones} />;
}

const deploymentStatusTones: Record<DeploymentSummary['status'], BadgeTone> = {
  ACTIVE: 'info',
  FINISHED: 'success',
  STOPPED: 'neutral',
};

export function DeploymentStatusBadge({ status }: { status: DeploymentSummary['status'] }) {
  return <StatusBadge status={status} texts="deployments.status" tones={deploymentStatusTones} />;
}

export function DeploymentActionBadge({ action }: { action: DeploymentSummary['action'] }) {
  const { t } = useTranslation();
  return (
    <Badge tone={action === 'INSTALL' ? 'success' : 'warning'}>{t(`deployments.actions.${action}`)}</Badge>
  );
}
