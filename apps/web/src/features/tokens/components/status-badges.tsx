import type { StatusReasonParams, SyncRun, Token } from '@vpp/contracts/tokens';
import { useTranslation } from 'react-i18next';
import { type BadgeTone, StatusBadge } from '../../../components/badge.tsx';

const tokenStatusTones: Record<Token['status'], BadgeTone> = {
  VALID: 'success',
  EXPIRING: 'warning',
  EXPIRED: 'danger',
  REVOKED: 'danger',
  IN_USE_ELSEWHERE: 'warning',
  SYNC_ERROR: 'danger',
};

export function TokenStatusBadge({ status }: { status: Token['status'] }) {
  return <StatusBadge status={status} texts="tokens.status" tones={tokenStatusTones} />;
}

/**
 * Why a token has its status, in the reader's language: built from the status and what the server
 * named with it (days left, the other MDM). A sync error is Apple's or the network's own words.
 */
export function TokenStatusReason({
  status,
  params,
}: {
  status: Token['status'];
  params: StatusReasonParams;
}) {
  const { t } = useTranslation();
  switch (status) {
    case 'VALID':
    case 'EXPIRING':
      return t(`tokens.statusReasons.${status}`, { count: params.days ?? 0 });
    case 'IN_USE_ELSEWHERE':
      return t('tokens.statusReasons.IN_USE_ELSEWHERE', {
        mdmName: params.mdmName || t('tokens.statusReasons.unnamedMdm'),
      });
    case 'SYNC_ERROR':
      return t('tokens.statusReasons.SYNC_ERROR', { error: params.error ?? '' });
    default:
      return t(`tokens.statusReasons.${status}`);
  }
}

const syncStatusTones: Record<SyncRun['status'], BadgeTone> = {
  QUEUED: 'neutral',
  RUNNING: 'info',
  SUCCEEDED: 'success',
  FAILED: 'danger',
};

export function SyncRunStatusBadge({ status }: { status: SyncRun['status'] }) {
  return <StatusBadge status={status} texts="sync.status" tones={syncStatusTones} />;
}
