import type { SyncRun, Token } from '@vpp/contracts/tokens';
import { useTranslation } from 'react-i18next';
import { Badge, type BadgeTone } from '../../../components/badge.tsx';

const tokenStatusTones: Record<Token['status'], BadgeTone> = {
  VALID: 'success',
  EXPIRING: 'warning',
  EXPIRED: 'danger',
  REVOKED: 'danger',
  IN_USE_ELSEWHERE: 'warning',
  SYNC_ERROR: 'danger',
};

export function TokenStatusBadge({ status }: { status: Token['status'] }) {
  const { t } = useTranslation();
  return <Badge tone={tokenStatusTones[status]}>{t(`tokens.status.${status}`)}</Badge>;
}

const syncStatusTones: Record<SyncRun['status'], BadgeTone> = {
  QUEUED: 'neutral',
  RUNNING: 'info',
  SUCCEEDED: 'success',
  FAILED: 'danger',
};

export function SyncRunStatusBadge({ status }: { status: SyncRun['status'] }) {
  const { t } = useTranslation();
  return <Badge tone={syncStatusTones[status]}>{t(`sync.status.${status}`)}</Badge>;
}
