import type { DeploymentSummary, TargetState } from '@vpp/contracts/deployments';
import { useTranslation } from 'react-i18next';
import { Badge, type BadgeTone, StatusBadge } from './badge.tsx';

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

const KNOWN_FAILURE_CODES = [
  'NO_PRIMARY_USER',
  'NO_LICENSE_AVAILABLE',
  'PLATFORM_NOT_SUPPORTED',
  'NO_DEVICE',
] as const;
type KnownFailureCode = (typeof KNOWN_FAILURE_CODES)[number];
const isKnownFailureCode = (code: string | null): code is KnownFailureCode =>
  KNOWN_FAILURE_CODES.includes(code as KnownFailureCode);

interface TargetFailureProps {
  state: TargetState;
  errorCode: string | null;
  error: string | null;
}

/** Why a target failed or waits: in the reader's language when the API named a known code. */
export function TargetFailure({ state, errorCode, error }: TargetFailureProps) {
  const { t } = useTranslation();
  if (!error && !errorCode) return <span className="muted">{t('common.none')}</span>;
  if (isKnownFailureCode(errorCode)) {
    return (
      <span className={state === 'FAILED' ? 'target-error' : undefined}>
        {t(`deployments.failureCodes.${errorCode}`)}
      </span>
    );
  }
  return (
    <span className="target-error">
      {error}
      {errorCode && <code className="target-error__code">{errorCode}</code>}
    </span>
  );
}
